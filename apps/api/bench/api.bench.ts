import { execFile, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { CreateServerResponse, LoginResponse, ServerView } from '@hostdeck/contracts';

import { ApiProcess, ApiProcesses } from '../src/testing/api-process';
import { eventually } from '../src/testing/eventually';
import { createScratchDatabase, http } from '../src/testing/test-app';
import { round, writeReport } from './report';

/**
 * `npm run bench` (API part): the built panel as a real process on SQLite and, with
 * TEST_DATABASE_URL, on MariaDB; autocannon in another process; a raw node:http server measured
 * in the same run as the baseline every figure is divided by. A report, never a pass/fail on numbers.
 */
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const DURATION_SECONDS = Number(process.env['BENCH_DURATION_SECONDS'] ?? 10);
const SERVERS = 50;
const BCRYPT_COST = process.env['BENCH_BCRYPT_COST'] ?? '12';
const PROFILE_DIR = process.env['BENCH_PROFILE'];

interface Load {
  requestsPerSecond: number;
  requests: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  errors: number;
  non2xx: number;
}

interface Row extends Load {
  database: string;
  target: string;
  ratioToRaw: number;
  rssUnderLoadMb: number;
  eventLoopP99Ms: number;
}

const run = promisify(execFile);

async function load(options: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  durationSeconds?: number;
}): Promise<Load> {
  const { stdout } = await run(
    process.execPath,
    [
      join(__dirname, 'load.mjs'),
      JSON.stringify({
        connections: CONNECTIONS,
        durationSeconds: DURATION_SECONDS,
        ...options,
      }),
    ],
    { maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').pop() as string) as Load;
}

function rssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return round(kb / 1024);
}

/** prom-client resets its event-loop histogram on every scrape, so a scrape before starts a window. */
async function eventLoopP99Ms(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const seconds = Number(/^hostdeck_nodejs_eventloop_lag_p99_seconds (\S+)/m.exec(text)?.[1]);
  return round(seconds * 1000, 1);
}

async function startRawBaseline(): Promise<{ url: string; stop: () => void }> {
  const child = fork(join(__dirname, 'raw-http-server.mjs'), [], { stdio: 'inherit' });
  const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', resolve));
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

/** A customer with 50 running servers, paid for through the admin's balance adjustment. */
async function seedCustomer(panel: ApiProcess, admin: { email: string; password: string }) {
  const account = { email: 'bench-customer@example.com', password: 'a-good-password-1' };
  await http(panel.baseUrl, 'POST', '/api/auth/register', { body: account });
  const customer = await http<LoginResponse>(panel.baseUrl, 'POST', '/api/auth/login', {
    body: account,
  });
  const adminLogin = await http<LoginResponse>(panel.baseUrl, 'POST', '/api/auth/login', {
    body: admin,
  });
  await http(panel.baseUrl, 'POST', `/api/admin/users/${customer.body.user.id}/balance`, {
    token: adminLogin.body.accessToken,
    body: { amountMinor: 10_000_000, reason: 'benchmark' },
  });
  const token = customer.body.accessToken;
  const ids: number[] = [];
  for (let i = 0; i < SERVERS; i++) {
    const created = await http<CreateServerResponse>(panel.baseUrl, 'POST', '/api/server/create', {
      token,
      body: { tariffId: 1, osId: 1, hostname: `bench-${i}` },
    });
    if (created.status !== 202) throw new Error(`create answered ${created.status}`);
    ids.push(created.body.server.id);
  }
  await eventually(
    () => http<ServerView[]>(panel.baseUrl, 'GET', '/api/server', { token }),
    (list) => list.body.filter((server) => server.status === 'running').length === SERVERS,
    120_000,
  );
  return { token, serverId: ids[0], account };
}

async function benchPanel(
  database: string,
  databaseUrl: string,
  rawRequestsPerSecond: number,
): Promise<{ rows: Row[]; idleRssMb: number }> {
  const processes = new ApiProcesses();
  const dataDir = mkdtempSync(join(tmpdir(), 'hostdeck-bench-'));
  const admin = { email: 'bench-admin@example.com', password: 'bench-admin-password' };
  try {
    const panel = await processes.start(
      {
        NODE_ENV: 'production',
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        JWT_SECRET: 'benchmark-secret-of-at-least-thirty-two-characters',
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        BCRYPT_COST,
        AUTH_RATE_LIMIT_PER_MINUTE: '1000',
        LOG_LEVEL: 'warn',
        SERVE_WEB: 'false',
        PVE_SIM_TASK_SCALE: '0.01',
        PVE_SIM_AUTH_DELAY_MS: '0',
        // BENCH_PROFILE=<dir>: the panel writes a V8 CPU profile there when it exits.
        ...(PROFILE_DIR
          ? {
              NODE_OPTIONS: `--require ${join(__dirname, 'cpu-profile-preload.cjs')}`,
              BENCH_PROFILE_DIR: PROFILE_DIR,
            }
          : {}),
      },
      { readyTimeoutMs: 60_000 },
    );
    const customer = await seedCustomer(panel, admin);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idleRssMb = rssMb(panel.child.pid);
    const auth = { authorization: `Bearer ${customer.token}` };
    const targets = [
      { target: 'GET /api/server/:id', url: `${panel.baseUrl}/api/server/${customer.serverId}` },
      { target: `GET /api/server (${SERVERS} servers)`, url: `${panel.baseUrl}/api/server` },
      {
        target: `POST /api/auth/login (bcrypt cost ${BCRYPT_COST})`,
        url: `${panel.baseUrl}/api/auth/login`,
        method: 'POST',
        body: JSON.stringify(customer.account),
        json: true,
      },
    ];
    const rows: Row[] = [];
    // BENCH_TARGETS=<substring>: only the targets whose name contains it (for profiling one).
    const only = process.env['BENCH_TARGETS'];
    for (const target of targets.filter((item) => !only || item.target.includes(only))) {
      const headers: Record<string, string> = target.json
        ? { 'content-type': 'application/json' }
        : auth;
      // Warm-up: JIT, caches and connections, not counted.
      await load({
        url: target.url,
        method: target.method,
        headers,
        body: target.body,
        durationSeconds: 2,
      });
      await eventLoopP99Ms(panel.baseUrl);
      let peakRss = 0;
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, rssMb(panel.child.pid));
      }, 250);
      const result = await load({
        url: target.url,
        method: target.method,
        headers,
        body: target.body,
      }).finally(() => clearInterval(sampler));
      rows.push({
        database,
        target: target.target,
        ...result,
        ratioToRaw: round(result.requestsPerSecond / rawRequestsPerSecond, 3),
        rssUnderLoadMb: peakRss,
        eventLoopP99Ms: await eventLoopP99Ms(panel.baseUrl),
      });
    }
    // A clean exit, so a requested profile is written.
    await panel.kill('SIGTERM');
    return { rows, idleRssMb };
  } finally {
    await processes.killAll();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

it('reports the API under load as ratios to raw node:http', async () => {
  const raw = await startRawBaseline();
  const rows: Row[] = [];
  const idle: { database: string; idleRssMb: number }[] = [];
  const baselines: number[] = [];
  try {
    const databases: [string, () => Promise<{ url: string; drop?: () => Promise<void> }>][] = [
      [
        'sqlite',
        async () => ({ url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'hd-')), 'bench.sqlite')}` }),
      ],
    ];
    if (process.env['TEST_DATABASE_URL'])
      databases.push([
        'mariadb',
        () => createScratchDatabase(process.env['TEST_DATABASE_URL'] as string),
      ]);
    for (const [database, open] of databases) {
      // The baseline is measured right before each panel run, so both see the same machine.
      await load({ url: raw.url, durationSeconds: 2 });
      const baseline = await load({ url: raw.url });
      baselines.push(baseline.requestsPerSecond);
      rows.push({
        database,
        target: 'raw node:http, 200-byte JSON',
        ...baseline,
        ratioToRaw: 1,
        rssUnderLoadMb: NaN,
        eventLoopP99Ms: NaN,
      });
      const scratch = await open();
      try {
        const result = await benchPanel(database, scratch.url, baseline.requestsPerSecond);
        rows.push(...result.rows);
        idle.push({ database, idleRssMb: result.idleRssMb });
      } finally {
        await scratch.drop?.();
      }
    }
  } finally {
    raw.stop();
  }
  writeReport('api', { connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, rows, idle }, [
    `### API under load (${CONNECTIONS} connections, ${DURATION_SECONDS} s each, autocannon in a separate process)`,
    '',
    '| database | target | req/s | ratio to raw | p50 | p99 | non-2xx / errors | panel RSS under load | event-loop p99 |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.database} | ${r.target} | ${round(r.requestsPerSecond)} | ${r.ratioToRaw}× | ${r.latencyP50Ms} ms | ${r.latencyP99Ms} ms | ${r.non2xx} / ${r.errors} | ${Number.isNaN(r.rssUnderLoadMb) ? '—' : `${r.rssUnderLoadMb} MB`} | ${Number.isNaN(r.eventLoopP99Ms) ? '—' : `${r.eventLoopP99Ms} ms`} |`,
    ),
    '',
    `Idle RSS of the panel process (after seeding ${SERVERS} servers): ${idle.map((i) => `${i.database} ${i.idleRssMb} MB`).join(', ')}.`,
  ]);
  expect(baselines.every((value) => value > 0)).toBe(true);
});
