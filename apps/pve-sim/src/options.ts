import { GIB } from './core/sizes';
import type { FaultSettings } from './faults/faults';

/** admin: every privilege. console: VM.Console and VM.Audit only (a "PVEVMUser"-like role). */
export type Role = 'admin' | 'console';

export interface TokenOption {
  /** `USER@REALM!TOKENID` */
  tokenId: string;
  secret: string;
  role?: Role;
}

export interface UserOption {
  /** `USER@REALM` */
  userid: string;
  password: string;
  role?: Role;
}

export interface NodeOption {
  name: string;
  cpus?: number;
  memoryBytes?: number;
  /** Size of the node's root filesystem, which also backs the `local` directory storage. */
  rootfsBytes?: number;
  /** Size of the `local-lvm` thin pool. */
  lvmThinBytes?: number;
}

export interface IpPoolOption {
  /** IPv4 network, e.g. `10.10.0.0/24`. */
  cidr: string;
  /** Host number of the first address handed out (default 10, i.e. 10.10.0.10). */
  firstHost?: number;
  /** Gateway host number (default 1). */
  gatewayHost?: number;
}

export interface SshOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** authorized_keys lines. */
  authorizedKeys?: string[];
  /** An authorized_keys file, read again on every login attempt. */
  authorizedKeysFile?: string;
}

export interface SimulatorOptions {
  host?: string;
  /** 0 picks a free port. Default 8006 for the CLI, 0 for the programmatic API. */
  port?: number;
  nodes?: (string | NodeOption)[];
  /** API tokens, as `USER@REALM!TOKENID=SECRET` or objects. */
  tokens?: (string | TokenOption)[];
  /** Users who may log in with POST /access/ticket, as `user@realm:password` or objects. */
  users?: (string | UserOption)[];
  /** The SSH server for `pct exec <vmid> -- chpasswd`; false disables it. */
  ssh?: SshOptions | false;
  /** Multiplies realistic task durations: 1 = like a real node, 0 = immediate. */
  taskDurationScale?: number;
  /** Delay of every 401, like pveproxy's 3 s. */
  authFailureDelayMs?: number;
  /** Makes load, rrd data, MAC addresses and pids reproducible. */
  seed?: number;
  /** Validate every response against the schema and record violations. */
  strict?: boolean;
  /** JSON file the state is written to after changes and read from at start. */
  stateFile?: string;
  ipPool?: string | IpPoolOption;
  /** Accept API tokens on vncwebsocket (PVE 9.1 behaviour); false answers 401 (default). */
  allowTokenConsole?: boolean;
  /** How long a vncproxy/termproxy ticket waits for its websocket (vncterm: about 10 s). */
  consoleConnectTimeoutMs?: number;
  /** Faults active from the start. */
  faults?: Partial<FaultSettings>;
  /** Pretend containers ran before they were created, so rrd charts have history. */
  rrdBackfill?: boolean;
}

export interface ResolvedNode {
  name: string;
  cpus: number;
  memoryBytes: number;
  rootfsBytes: number;
  lvmThinBytes: number;
}

export interface ResolvedOptions {
  host: string;
  port: number;
  nodes: ResolvedNode[];
  tokens: Required<TokenOption>[];
  users: Required<UserOption>[];
  ssh: (Required<Omit<SshOptions, 'authorizedKeysFile'>> & { authorizedKeysFile?: string }) | false;
  taskDurationScale: number;
  authFailureDelayMs: number;
  seed: number;
  strict: boolean;
  stateFile?: string;
  ipPool: Required<IpPoolOption>;
  allowTokenConsole: boolean;
  consoleConnectTimeoutMs: number;
  faults: Partial<FaultSettings>;
  rrdBackfill: boolean;
}

/** The token a development setup uses unless told otherwise. */
export const DEFAULT_SIM_TOKEN = 'hostdeck@pve!panel=5f0c2a9e-3b1d-4c7a-9e62-7d1f0b8a4c35';
export const DEFAULT_SIM_USER = 'hostdeck-console@pve:console-password';

export function parseToken(value: string, role: Role = 'admin'): Required<TokenOption> {
  const match = /^([^@\s]+@[^!\s]+![^=\s]+)=(\S+)$/.exec(value.trim());
  if (!match) throw new Error(`invalid token '${value}': expected USER@REALM!TOKENID=SECRET`);
  return { tokenId: match[1], secret: match[2], role };
}

export function parseUser(value: string): Required<UserOption> {
  const trimmed = value.trim();
  const roleMatch = /^(.*):(admin|console)$/.exec(trimmed);
  const body = roleMatch ? roleMatch[1] : trimmed;
  const colon = body.indexOf(':');
  if (colon < 1 || !/^[^@\s:]+@[^\s:]+$/.test(body.slice(0, colon))) {
    throw new Error(`invalid user '${value}': expected user@realm:password`);
  }
  return {
    userid: body.slice(0, colon),
    password: body.slice(colon + 1),
    role: (roleMatch?.[2] as Role | undefined) ?? 'console',
  };
}

export function parseIpPool(value: string | IpPoolOption): Required<IpPoolOption> {
  const pool = typeof value === 'string' ? { cidr: value } : value;
  if (!/^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$/.test(pool.cidr)) {
    throw new Error(`invalid IP pool '${pool.cidr}': expected an IPv4 CIDR like 10.10.0.0/24`);
  }
  return { cidr: pool.cidr, firstHost: pool.firstHost ?? 10, gatewayHost: pool.gatewayHost ?? 1 };
}

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const nodes = (options.nodes ?? ['pve1']).map((node) => {
    const spec = typeof node === 'string' ? { name: node } : node;
    if (!/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(spec.name)) {
      throw new Error(`invalid node name '${spec.name}'`);
    }
    return {
      name: spec.name,
      cpus: spec.cpus ?? 16,
      memoryBytes: spec.memoryBytes ?? 64 * GIB,
      rootfsBytes: spec.rootfsBytes ?? 100 * GIB,
      lvmThinBytes: spec.lvmThinBytes ?? 500 * GIB,
    };
  });
  if (nodes.length === 0) throw new Error('at least one node is required');
  const tokens = (options.tokens ?? [DEFAULT_SIM_TOKEN]).map((token) =>
    typeof token === 'string' ? parseToken(token) : { role: 'admin' as Role, ...token },
  );
  const users = (options.users ?? [DEFAULT_SIM_USER]).map((user) =>
    typeof user === 'string' ? parseUser(user) : { role: 'console' as Role, ...user },
  );
  const ssh =
    options.ssh === false
      ? false
      : {
          port: options.ssh?.port ?? 0,
          host: options.ssh?.host ?? options.host ?? '127.0.0.1',
          authorizedKeys: options.ssh?.authorizedKeys ?? [],
          authorizedKeysFile: options.ssh?.authorizedKeysFile,
        };
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    nodes,
    tokens,
    users,
    ssh,
    taskDurationScale: options.taskDurationScale ?? 1,
    authFailureDelayMs: options.authFailureDelayMs ?? 3000,
    seed: options.seed ?? Math.floor(Math.random() * 0x7fffffff),
    strict: options.strict ?? false,
    stateFile: options.stateFile,
    ipPool: parseIpPool(options.ipPool ?? '10.10.0.0/24'),
    allowTokenConsole: options.allowTokenConsole ?? false,
    consoleConnectTimeoutMs: options.consoleConnectTimeoutMs ?? 10_000,
    faults: options.faults ?? {},
    rrdBackfill: options.rrdBackfill ?? true,
  };
}
