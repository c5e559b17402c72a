import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

import { Connection, ParsedKey, Server, ServerChannel, utils as sshUtils } from 'ssh2';

import { hashPassword } from '../core/sha512-crypt';
import type { SimContext } from '../sim-context';

const CHPASSWD = /^pct\s+exec\s+(\d+)\s+--\s+chpasswd$/;
const STDIN_TIMEOUT_MS = 30_000;
const MAX_STDIN = 64 * 1024;

export interface SshServerSettings {
  host: string;
  port: number;
  authorizedKeys: string[];
  authorizedKeysFile?: string;
  hostKey: string;
}

function parseAuthorizedKeys(lines: string[]): ParsedKey[] {
  const keys: ParsedKey[] = [];
  for (const line of lines) {
    const match = /((?:ssh|ecdsa|sk)-[a-z0-9@.-]+)\s+([A-Za-z0-9+/=]+)/.exec(line);
    if (!match || line.trim().startsWith('#')) continue;
    const parsed = sshUtils.parseKey(`${match[1]} ${match[2]}`);
    if (!(parsed instanceof Error)) keys.push(Array.isArray(parsed) ? parsed[0] : parsed);
  }
  return keys;
}

/**
 * The node's SSH daemon, reduced to what a panel needs: key-only login as root and exactly one
 * command, `pct exec <vmid> -- chpasswd`, reading `root:<password>` from stdin.
 */
export class SshServer {
  private readonly server: Server;
  private readonly clients = new Set<Connection>();

  constructor(
    private readonly sim: SimContext,
    private readonly settings: SshServerSettings,
  ) {
    this.server = new Server({ hostKeys: [settings.hostKey] }, (client) => this.accept(client));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.settings.port, this.settings.host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    for (const client of this.clients) client.end();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private authorizedKeys(): ParsedKey[] {
    const lines = [...this.settings.authorizedKeys];
    if (this.settings.authorizedKeysFile) {
      try {
        lines.push(...readFileSync(this.settings.authorizedKeysFile, 'utf8').split('\n'));
      } catch {
        // A missing file means no keys from it.
      }
    }
    return parseAuthorizedKeys(lines);
  }

  private accept(client: Connection): void {
    this.clients.add(client);
    client.on('close', () => this.clients.delete(client));
    client.on('error', () => client.end());
    client.on('authentication', (context) => {
      if (context.method !== 'publickey' || context.username !== 'root') {
        return context.reject(['publickey']);
      }
      const offered = context.key;
      const key = this.authorizedKeys().find(
        (candidate) =>
          candidate.type === offered.algo && candidate.getPublicSSH().equals(offered.data),
      );
      if (!key) return context.reject(['publickey']);
      if (context.signature && context.blob) {
        if (key.verify(context.blob, context.signature, context.hashAlgo) !== true) {
          return context.reject(['publickey']);
        }
      }
      return context.accept();
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('pty', (accept) => accept?.());
        session.on('env', (accept) => accept?.());
        session.on('shell', (_accept, reject) => reject?.());
        session.on('exec', (accept, _reject, info) => this.exec(accept(), info.command));
      });
    });
  }

  private readonly finished = new WeakSet<ServerChannel>();

  private finish(stream: ServerChannel, code: number, stderr?: string): void {
    if (this.finished.has(stream)) return;
    this.finished.add(stream);
    if (stderr) stream.stderr.write(stderr);
    stream.exit(code);
    stream.end();
  }

  private exec(stream: ServerChannel, command: string): void {
    const match = CHPASSWD.exec(command.trim());
    if (!match) {
      // Never echo the command: it might carry a password in argv.
      return this.finish(stream, 126, 'pve-sim: only `pct exec <vmid> -- chpasswd` is allowed\n');
    }
    const vmid = Number(match[1]);
    const ct = this.sim.state.containers.get(vmid);
    if (!ct) {
      const node = this.sim.options.nodes[0].name;
      return this.finish(
        stream,
        255,
        `Configuration file 'nodes/${node}/lxc/${vmid}.conf' does not exist\n`,
      );
    }
    if (ct.status !== 'running') return this.finish(stream, 255, `CT ${vmid} not running\n`);
    let input = '';
    const timer = setTimeout(
      () => this.finish(stream, 1, 'chpasswd: timed out reading stdin\n'),
      STDIN_TIMEOUT_MS,
    );
    stream.on('data', (chunk: Buffer) => {
      input += chunk.toString('utf8');
      if (input.length > MAX_STDIN) {
        clearTimeout(timer);
        this.finish(stream, 1, 'chpasswd: input too long\n');
      }
    });
    stream.on('end', () => {
      clearTimeout(timer);
      const lines = input
        .split('\n')
        .map((line) => line.replace(/\r$/, ''))
        .filter(Boolean);
      for (const [index, line] of lines.entries()) {
        const colon = line.indexOf(':');
        const user = colon === -1 ? line : line.slice(0, colon);
        if (colon === -1)
          return this.finish(stream, 1, `chpasswd: line ${index + 1}: missing new password\n`);
        if (user !== 'root') {
          return this.finish(
            stream,
            1,
            `chpasswd: line ${index + 1}: user '${user}' does not exist\n`,
          );
        }
      }
      const last = lines[lines.length - 1];
      if (last !== undefined) {
        ct.rootPasswordHash = hashPassword(last.slice(last.indexOf(':') + 1));
        this.sim.persist();
      }
      this.finish(stream, 0);
    });
  }
}
