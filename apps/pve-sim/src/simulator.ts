import { createHash } from 'node:crypto';

import { PveSchema } from '@hostdeck/pve-schema';
import { utils as sshUtils } from 'ssh2';

import { AuthService } from './auth/auth-service';
import { Clock } from './core/clock';
import { SeededRandom } from './core/random';
import { FaultController } from './faults/faults';
import { accessRoutes } from './handlers/access-routes';
import { clusterRoutes } from './handlers/cluster-routes';
import { lxcRoutes } from './handlers/lxc-routes';
import { nodeRoutes } from './handlers/node-routes';
import { taskRoutes } from './handlers/task-routes';
import { ApiServer } from './http/api-server';
import { ControlApi, SimulatorControls } from './http/control-api';
import { LoadModel, PinKey } from './load/load-model';
import { DEFAULT_SIM_TOKEN, resolveOptions, SimulatorOptions } from './options';
import { checkpointCounters, containerAddresses } from './services/lifecycle';
import type { SimContext, Violation } from './sim-context';
import { ClusterState } from './state/cluster-state';
import { IpPool } from './state/ip-pool';
import { readStateFile, StateFile, StatePersistence } from './state/persistence';
import { SshServer } from './ssh/ssh-server';
import { TaskManager } from './tasks/task-manager';
import { ConsoleSessions } from './vnc/console-sessions';

export { DEFAULT_SIM_TOKEN, DEFAULT_SIM_USER } from './options';
export type { SimulatorOptions } from './options';
export type { FaultSettings, TaskFailure } from './faults/faults';
export type { Violation } from './sim-context';

/** Locks that only exist while a task runs; a restart ends those tasks. */
const TASK_LOCKS = ['snapshot', 'snapshot-delete', 'rollback', 'destroyed', 'disk'];

export interface RunningSimulator {
  /** `http://HOST:PORT/api2/json` */
  apiUrl: string;
  host: string;
  port: number;
  /** 0 when the SSH server is disabled. */
  sshPort: number;
  /** `SHA256:...` of the SSH host key (OpenSSH style, unpadded base64). */
  sshHostKeyFingerprint: string | undefined;
  nodes: string[];
  seed: number;
  /** The token a client should use (the first configured one), `USER@REALM!TOKENID=SECRET`. */
  token: string;
  faults: FaultController;
  violations(): Violation[];
  /** Back to the start state: no containers, seeded templates, no faults, pins or violations. */
  reset(): void;
  pinLoad(vmid: number, values: Partial<Record<PinKey, number>>): void;
  unpinLoad(vmid: number): void;
  advanceClock(ms: number): void;
  stateSummary(): unknown;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const resolved = resolveOptions(options);
  const clock = new Clock();
  const state = new ClusterState(resolved, clock);
  const random = new SeededRandom(resolved.seed);
  const faults = new FaultController(resolved.faults, () => random.next());
  const load = new LoadModel(resolved.seed);
  const ipPool = new IpPool(resolved.ipPool);
  const violations: Violation[] = [];
  const persistence = new StatePersistence(
    resolved.stateFile,
    () => ({
      version: 1,
      savedAt: new Date(clock.now()).toISOString(),
      ticketSecret: state.ticketSecret,
      sshHostKey: state.sshHostKey,
      containers: state.allContainers(),
      templates: Object.fromEntries(state.templates),
      tasks: tasks.snapshot(),
    }),
    (error) => process.stderr.write(`pve-sim: could not write the state file: ${String(error)}\n`),
  );
  const persist = () => persistence.schedule();
  const tasks = new TaskManager(
    clock,
    resolved.seed,
    faults,
    resolved,
    (node) => state.nodes.get(node)?.bootTime ?? clock.now(),
    persist,
  );
  const sim: SimContext = {
    options: resolved,
    clock,
    state,
    tasks,
    load,
    faults,
    ipPool,
    violations,
    persist,
  };

  const saved = resolved.stateFile ? readStateFile(resolved.stateFile) : undefined;
  if (saved) restoreState(sim, saved);
  if (!state.sshHostKey || sshUtils.parseKey(state.sshHostKey) instanceof Error)
    state.sshHostKey = generateHostKey();
  persistence.flush();

  const schema = new PveSchema();
  const auth = new AuthService(resolved, clock, state);
  const consoles = new ConsoleSessions(sim, auth);
  const controls: SimulatorControls = {
    reset: () => reset(sim),
    refuseConnections: (durationMs) => api.refuseConnections(durationMs),
    stateSummary: () => stateSummary(sim),
  };
  const routes = [
    ...accessRoutes(auth),
    ...clusterRoutes(sim),
    ...nodeRoutes(sim),
    ...taskRoutes(sim),
    ...lxcRoutes(sim, consoles),
  ];
  const missing = schema
    .listMethods()
    .filter(
      ({ method, template }) => !routes.some((r) => r.method === method && r.template === template),
    );
  if (missing.length > 0) {
    throw new Error(`no handler for ${missing.map((m) => `${m.method} ${m.template}`).join(', ')}`);
  }
  const api = new ApiServer(
    sim,
    schema,
    auth,
    consoles,
    new ControlApi(sim, auth, controls),
    routes,
  );
  const port = await api.listen(resolved.host, resolved.port);

  let ssh: SshServer | undefined;
  let sshPort = 0;
  let fingerprint: string | undefined;
  if (resolved.ssh !== false) {
    ssh = new SshServer(sim, { ...resolved.ssh, hostKey: state.sshHostKey });
    try {
      sshPort = await ssh.listen();
    } catch (error) {
      await api.close();
      throw error;
    }
    const parsed = sshUtils.parseKey(state.sshHostKey);
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    if (!(key instanceof Error)) {
      const digest = createHash('sha256').update(key.getPublicSSH()).digest('base64');
      fingerprint = `SHA256:${digest.replace(/=+$/, '')}`;
    }
  }

  const hostForUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const firstToken = resolved.tokens[0];
  let isClosed = false;
  return {
    apiUrl: `http://${hostForUrl}:${port}/api2/json`,
    host: resolved.host,
    port,
    sshPort,
    sshHostKeyFingerprint: fingerprint,
    nodes: resolved.nodes.map((node) => node.name),
    seed: resolved.seed,
    token: firstToken ? `${firstToken.tokenId}=${firstToken.secret}` : DEFAULT_SIM_TOKEN,
    faults,
    violations: () => [...violations],
    reset: () => reset(sim),
    pinLoad: (vmid, values) => {
      const ct = state.containers.get(vmid);
      if (ct) checkpointCounters(sim, ct);
      load.pin(vmid, values, clock.now());
    },
    unpinLoad: (vmid) => {
      const ct = state.containers.get(vmid);
      if (ct) checkpointCounters(sim, ct);
      load.unpin(vmid);
    },
    advanceClock: (ms) => clock.advance(ms),
    stateSummary: () => stateSummary(sim),
    close: async () => {
      if (isClosed) return;
      isClosed = true;
      consoles.closeAll();
      await tasks.stopAll();
      persistence.flush();
      await Promise.all([api.close(), ssh?.close()]);
    },
  };
}

/**
 * An ed25519 host key ssh2 can read back: its generator drops a leading zero byte of the public
 * key about once in 370 keys, and the simulator then failed to start ("Malformed OpenSSH key").
 */
function generateHostKey(): string {
  for (;;) {
    const key = sshUtils.generateKeyPairSync('ed25519').private;
    if (!(sshUtils.parseKey(key) instanceof Error)) return key;
  }
}

function restoreState(sim: SimContext, saved: StateFile): void {
  const { state } = sim;
  state.ticketSecret = saved.ticketSecret;
  state.sshHostKey = saved.sshHostKey;
  for (const ct of saved.containers) {
    if (!state.nodes.has(ct.node)) {
      process.stderr.write(
        `pve-sim: dropping CT ${ct.vmid}: node '${ct.node}' is not configured\n`,
      );
      continue;
    }
    // A create that was interrupted never finished; task-held locks die with their task.
    if (ct.config['lock'] === 'create') continue;
    if (TASK_LOCKS.includes(String(ct.config['lock']))) delete ct.config['lock'];
    state.containers.set(ct.vmid, ct);
  }
  for (const [node, templates] of Object.entries(saved.templates)) {
    if (state.nodes.has(node)) state.templates.set(node, templates);
  }
  sim.tasks.restore(saved.tasks);
}

function reset(sim: SimContext): void {
  for (const task of sim.tasks.list()) sim.tasks.stop(task.upid);
  sim.tasks.clear();
  sim.state.reset();
  sim.load.clearPins();
  sim.faults.clear();
  sim.violations.length = 0;
  sim.clock.reset();
  sim.persist();
}

function stateSummary(sim: SimContext): unknown {
  return {
    now: sim.clock.nowSeconds(),
    seed: sim.options.seed,
    nodes: [...sim.state.nodes.values()].map((node) => ({
      node: node.name,
      status: sim.faults.isNodeDown(node.name) ? 'offline' : 'online',
      cpus: node.cpus,
      memoryBytes: node.memoryBytes,
      memoryCommittedBytes: sim.state.memoryCommitted(node.name),
      templates: (sim.state.templates.get(node.name) ?? []).map((template) => template.volid),
    })),
    containers: sim.state.allContainers().map((ct) => ({
      vmid: ct.vmid,
      node: ct.node,
      status: ct.status,
      hostname: ct.config['hostname'],
      lock: ct.config['lock'],
      config: ct.config,
      pending: ct.pending,
      pendingDelete: ct.pendingDelete,
      snapshots: ct.snapshots.map((snap) => ({
        name: snap.name,
        parent: snap.parent,
        snaptime: snap.snaptime,
      })),
      addresses: containerAddresses(sim, ct),
      hasPasswordHash: ct.rootPasswordHash !== undefined,
      passwordHash: ct.rootPasswordHash,
      sshPublicKeys: ct.sshPublicKeys,
      ostemplate: ct.ostemplate,
      loadPin: sim.load.pinOf(ct.vmid),
    })),
    tasks: {
      total: sim.tasks.list().length,
      running: sim.tasks
        .list()
        .filter((task) => task.status === 'running')
        .map((task) => task.upid),
    },
    faults: sim.faults.current(),
    violations: sim.violations.length,
  };
}
