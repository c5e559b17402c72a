import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

import { sleep } from './eventually';

/** The built API (`npx nx run api:build`), started as a real process by the process-level suites. */
export const API_MAIN = resolve(__dirname, '../../../../dist/apps/api/apps/api/src/main.js');

const REPO_ROOT = resolve(__dirname, '../../../..');

/** A port nobody listens on right now (the OS picks it; loopback only). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ApiProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends the signal and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Starts built API processes on free loopback ports and remembers them, so a suite's afterAll
 * can kill every one it started (`killAll`), whatever state a failed test left them in.
 */
export class ApiProcesses {
  private readonly children = new Set<ChildProcess>();

  /**
   * Spawns the API with exactly `env` (plus PATH, HOST and a free PORT) and waits until
   * /api/health answers at all (200 or 503: a test may start it while a dependency is down).
   */
  async start(
    env: Record<string, string>,
    options: {
      readyTimeoutMs?: number;
      /** Sees the output as it arrives, with the process (to kill it at a chosen moment). */
      onOutput?: (text: string, child: ChildProcess) => void;
    } = {},
  ): Promise<ApiProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [API_MAIN], {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.add(child);
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    void exited.then(() => this.children.delete(child));
    let output = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      if (process.env['TEST_VERBOSE'] === '1') process.stderr.write(text);
      options.onOutput?.(text, child);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const started: ApiProcess = {
      child,
      baseUrl: `http://127.0.0.1:${port}`,
      output: () => output,
      kill: async (signal) => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        await exited;
      },
    };
    const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the API exited at start:\n${output}`);
      const health = await fetch(`${started.baseUrl}/api/health`).catch(() => undefined);
      if (health && (health.status === 200 || health.status === 503)) return started;
      await sleep(100);
    }
    await started.kill('SIGKILL');
    throw new Error(`the API did not start:\n${output}`);
  }

  /** SIGKILLs every process still running; for afterAll. */
  async killAll(): Promise<void> {
    await Promise.all(
      [...this.children].map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      ),
    );
  }
}
