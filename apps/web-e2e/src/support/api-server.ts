import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (apps/web-e2e/src/support → ../../../..). */
export const REPO_ROOT = resolve(__dirname, '../../../..');

const API_MAIN = join(REPO_ROOT, 'dist/apps/api/apps/api/src/main.js');
const WEB_INDEX = join(REPO_ROOT, 'dist/apps/web/browser/index.html');
const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
/** Keep the last part of the child's output for error messages. */
const MAX_OUTPUT_CHARS = 20_000;

export interface ApiServerOptions {
  adminEmail: string;
  adminPassword: string;
  /** Extra variables for the API (e.g. PVE_SIM_* for the bundled simulator). */
  env?: Readonly<Record<string, string>>;
}

/** A running API that also serves the built web app on the same port. */
export interface ApiServer {
  readonly baseUrl: string;
  readonly port: number;
  /** What the API printed so far (stdout and stderr interleaved). */
  output(): string;
  stop(): Promise<void>;
}

/** Asks the OS for a port that is free right now on 127.0.0.1. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('No free port'))));
    });
  });
}

/**
 * Starts dist/apps/api (built beforehand) from the repository root with a fresh data
 * directory, and resolves once GET /api/health answers 200.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  for (const [file, what] of [
    [API_MAIN, 'the API'],
    [WEB_INDEX, 'the web app'],
  ] as const) {
    if (!existsSync(file)) {
      throw new Error(
        `${file} is missing: build ${what} first ` +
          '(NX_DAEMON=false npx nx run-many -t build -p api web pve-sim, ' +
          'or run the tests through `npx nx run web-e2e:test`).',
      );
    }
  }

  const port = await findFreePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'hostdeck-e2e-'));
  let output = '';
  const append = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT_CHARS);
  };

  // A clean environment: nothing from the developer's shell (DATABASE_URL, PROXMOX_*, ...)
  // may leak into the server under test.
  const inherited = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot'] as const;
  const env: NodeJS.ProcessEnv = {};
  for (const name of inherited) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: options.adminEmail,
    ADMIN_PASSWORD: options.adminPassword,
    BCRYPT_COST: '10',
    // The suite logs in and registers more often than the default 10 per minute allows
    // from one IP; rate limiting itself is covered by the API's own tests.
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    ...options.env,
  });

  // Detached: the child leads its own process group, so stop() also ends whatever the API
  // spawns (the Proxmox simulator).
  const child = spawn(process.execPath, [API_MAIN], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolveExit) => {
    if (child.exitCode !== null || child.signalCode !== null) resolveExit();
    child.once('exit', () => resolveExit());
  });
  let stopped = false;
  let started = false;
  // After startup, a crash would otherwise only show up as puzzling browser failures.
  child.once('exit', (code, signal) => {
    if (stopped || !started) return;
    process.stderr.write(
      `[web-e2e] The API exited unexpectedly (code ${code}, signal ${signal}). ` +
        `Its output:\n${output}\n`,
    );
  });
  // Never leave the server behind, even when Jest is interrupted.
  const killOnExit = (): void => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  const baseUrl = `http://127.0.0.1:${port}`;
  const server: ApiServer = {
    baseUrl,
    port,
    output: () => output,
    async stop() {
      if (stopped) return;
      stopped = true;
      killGroup(child, 'SIGTERM');
      const exitedInTime = await within(exited, STOP_TIMEOUT_MS);
      // The API may have exited while a grandchild still runs: end the group either way.
      killGroup(child, 'SIGKILL');
      if (!exitedInTime) await within(exited, STOP_TIMEOUT_MS);
      process.removeListener('exit', killOnExit);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };

  try {
    await waitForHealth(baseUrl, child, exited, () => output);
  } catch (error) {
    await server.stop();
    throw error;
  }
  started = true;
  return server;
}

async function waitForHealth(
  baseUrl: string,
  child: ChildProcess,
  exited: Promise<void>,
  output: () => string,
): Promise<void> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (hasExited) {
      throw new Error(
        `The API exited during startup (code ${child.exitCode}, signal ${child.signalCode}). ` +
          `Its output:\n${output()}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, {
        signal: AbortSignal.timeout(2_000),
      });
      if (response.status === 200) return;
      lastProblem = `GET /api/health answered ${response.status}: ${await response.text()}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await delay(250);
  }
  throw new Error(
    `The API did not become healthy within ${STARTUP_TIMEOUT_MS / 1000} s (${lastProblem}). ` +
      `Its output:\n${output()}`,
  );
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Resolves true when `promise` settles within `ms`, false otherwise; leaves no timer behind. */
async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms));
}
