import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import { API_MAIN } from './api-process';
import { sleep } from './eventually';

const REPO_ROOT = resolve(__dirname, '../../../..');

/**
 * A private copy of the built API (dist/apps/api) for one suite, so a rebuild of dist while the
 * suite runs (other work on the same checkout) cannot pull the files from under its processes.
 * It lives under the repository's tmp/ so node_modules still resolve. Returns the entry file.
 */
export function snapshotBuiltApi(): { entry: string; remove(): void } {
  const base = resolve(REPO_ROOT, 'tmp');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'api-snapshot-'));
  cpSync(resolve(REPO_ROOT, 'dist/apps/api'), dir, { recursive: true });
  return {
    entry: join(dir, relative(resolve(REPO_ROOT, 'dist/apps/api'), API_MAIN)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface ApiOnPort {
  child: ChildProcess;
  baseUrl: string;
  /** Everything the process wrote so far. */
  output(): string;
  /** Resolves with the exit code (null after a signal) once the process has exited. */
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * The built API as a child process on a port the caller chose (a proxy in front knows it, and a
 * restarted process takes the same one), answering /api/health/ready before this resolves.
 */
export async function startApiOnPort(
  port: number,
  env: Record<string, string>,
  options: { entry?: string; readyTimeoutMs?: number } = {},
): Promise<ApiOnPort> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const child = spawn(process.execPath, [options.entry ?? API_MAIN], {
    cwd: REPO_ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env['TEST_VERBOSE'] === '1') process.stderr.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const started: ApiOnPort = {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited at start:\n${output}`);
    const ready = await fetch(`${started.baseUrl}/api/health/ready`).catch(() => undefined);
    if (ready?.status === 200) return started;
    await sleep(100);
  }
  await started.kill('SIGKILL');
  throw new Error(`the API was not ready within ${readyTimeoutMs} ms:\n${output}`);
}
