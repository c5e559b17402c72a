import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { utils as sshUtils } from 'ssh2';

import type { ProxmoxConnection } from './proxmox-connection';

export interface BundledSimulatorSettings {
  dataDir: string;
  simulatorEnv: Record<string, string>;
  timeoutMs: number;
  taskTimeoutSeconds: number;
  storage: string;
  templateStorage: string;
  bridge: string;
}

interface ReadyLine {
  event: 'ready';
  apiUrl: string;
  sshPort: number;
  nodes: string[];
}

const READY_TIMEOUT_MS = 30_000;

function findSimulatorEntry(): string | undefined {
  const candidates = [
    resolve('dist/apps/pve-sim/apps/pve-sim/src/main.js'),
    join(__dirname, '../../../../../../pve-sim/apps/pve-sim/src/main.js'),
  ];
  return candidates.find((file) => existsSync(file));
}

/**
 * An ed25519 key pair that ssh2 can read back. ssh2's generator drops a leading zero byte of the
 * public key about once in 370 keys, and that key is then "Malformed" to its own parser (a
 * password reset answered 500, or the simulator would not start).
 */
function generateUsableKeyPair(): { private: string; public: string } {
  for (;;) {
    const pair = sshUtils.generateKeyPairSync('ed25519', { comment: 'hostdeck-panel' });
    if (!(sshUtils.parseKey(pair.private) instanceof Error)) return pair;
  }
}

/** An SSH key pair for `pct exec … chpasswd` against the simulator, kept in DATA_DIR. */
function ensureSshKey(dir: string): { privateKey: Buffer; authorizedKeysFile: string } {
  const privateFile = join(dir, 'id_ed25519');
  const authorizedKeysFile = join(dir, 'authorized_keys');
  const isUsable =
    existsSync(privateFile) &&
    existsSync(authorizedKeysFile) &&
    !(sshUtils.parseKey(readFileSync(privateFile)) instanceof Error);
  if (!isUsable) {
    const pair = generateUsableKeyPair();
    writeFileSync(privateFile, pair.private, { mode: 0o600 });
    writeFileSync(authorizedKeysFile, `${pair.public}\n`, { mode: 0o600 });
  }
  return { privateKey: readFileSync(privateFile), authorizedKeysFile };
}

/**
 * With no PROXMOX_API_URL the panel runs apps/pve-sim as a child process on a free loopback port,
 * with fresh credentials each start and its containers kept in DATA_DIR/pve-sim.
 */
export class BundledSimulator implements OnApplicationShutdown {
  private readonly logger = new Logger(BundledSimulator.name);
  private child: ChildProcess | undefined;

  async start(settings: BundledSimulatorSettings): Promise<ProxmoxConnection> {
    const entry = findSimulatorEntry();
    if (!entry) {
      throw new Error(
        'PROXMOX_API_URL is not set and the bundled simulator is not built: run `npx nx run pve-sim:build` (npm start does it)',
      );
    }
    const dir = join(settings.dataDir, 'pve-sim');
    mkdirSync(dir, { recursive: true });
    const ssh = ensureSshKey(dir);
    const tokenId = 'hostdeck@pve!panel';
    const tokenSecret = randomUUID();
    const consoleUser = 'hostdeck-console@pve';
    const consolePassword = randomBytes(18).toString('base64url');
    const env = {
      PATH: process.env['PATH'] ?? '',
      PVE_SIM_HOST: '127.0.0.1',
      PVE_SIM_PORT: '0',
      PVE_SIM_SSH_PORT: '0',
      PVE_SIM_STATE_FILE: join(dir, 'state.json'),
      ...settings.simulatorEnv,
      PVE_SIM_TOKEN: `${tokenId}=${tokenSecret}`,
      PVE_SIM_USERS: `${consoleUser}:${consolePassword}`,
      PVE_SIM_SSH_AUTHORIZED_KEYS: ssh.authorizedKeysFile,
    };
    let ready: ReadyLine | undefined;
    // A start that fails (a busy machine, a port taken between choosing and binding) is tried again.
    for (let attempt = 1; !ready; attempt++) {
      const child = spawn(process.execPath, [entry], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      this.child = child;
      try {
        ready = await this.awaitReady(child);
      } catch (error) {
        if (attempt >= 3) throw error;
        this.logger.warn(
          `bundled simulator start ${attempt} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    this.logger.log(
      `bundled Proxmox simulator at ${ready.apiUrl} (nodes ${ready.nodes.join(', ')}, ssh ${ready.sshPort})`,
    );
    const host = new URL(ready.apiUrl).hostname;
    return {
      apiUrl: ready.apiUrl,
      tokenId,
      tokenSecret,
      defaultNode: ready.nodes[0],
      storage: settings.storage,
      templateStorage: settings.templateStorage,
      bridge: settings.bridge,
      console: { user: consoleUser, password: consolePassword },
      ssh: {
        user: 'root',
        privateKey: ssh.privateKey,
        port: ready.sshPort,
        hosts: Object.fromEntries(ready.nodes.map((node) => [node, host])),
      },
      insecureTls: false,
      timeoutMs: settings.timeoutMs,
      taskTimeoutMs: settings.taskTimeoutSeconds * 1000,
    };
  }

  private awaitReady(child: ChildProcess): Promise<ReadyLine> {
    return new Promise((resolvePromise, reject) => {
      const output: string[] = [];
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new Error(
            `the bundled simulator did not start within ${READY_TIMEOUT_MS / 1000} s: ${output.join(' | ')}`,
          ),
        );
      }, READY_TIMEOUT_MS);
      let isReady = false;
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        if (!isReady && line.startsWith('{')) {
          try {
            const parsed = JSON.parse(line) as ReadyLine;
            if (parsed.event === 'ready') {
              isReady = true;
              clearTimeout(timer);
              return resolvePromise(parsed);
            }
          } catch {
            // Not the ready line.
          }
        }
        if (isReady) this.logger.debug(`pve-sim: ${line}`);
        else output.push(line);
      });
      createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
        if (isReady) this.logger.warn(`pve-sim: ${line}`);
        else output.push(line);
      });
      child.once('exit', (code, signal) => {
        if (!isReady) {
          clearTimeout(timer);
          reject(
            new Error(
              `the bundled simulator exited (${signal ?? code}) before it was ready: ${output.join(' | ')}`,
            ),
          );
        } else if (this.child === child) {
          this.logger.error(`the bundled simulator exited unexpectedly (${signal ?? code})`);
        }
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolvePromise) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolvePromise();
      });
      child.kill('SIGTERM');
    });
  }
}
