import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type {
  ClientToServerEvents,
  CreateServerResponse,
  LoginResponse,
  OperationAccepted,
  ServerStatsEvent,
  ServerToClientEvents,
  ServerView,
} from '@hostdeck/contracts';
import Redis from 'ioredis';
import { io, Socket } from 'socket.io-client';

import { MIGRATIONS } from '../src/database/migrations';
import { billingDay } from '../src/modules/billing/pricing';
import { BundledSimulator } from '../src/modules/proxmox/bundled-simulator';
import { API_MAIN, freePort } from '../src/testing/api-process';
import { ApiOnPort, snapshotBuiltApi, startApiOnPort } from '../src/testing/api-on-port';
import { eventually, sleep } from '../src/testing/eventually';
import { DatabaseProbe, moneyViolations, openDatabaseProbe } from '../src/testing/money-invariants';
import { isNginxInstalled, NGINX_BIN, startNginx } from '../src/testing/nginx-proxy';
import { RoundRobinProxy } from '../src/testing/round-robin-proxy';
import { createScratchDatabase, http, HttpResult } from '../src/testing/test-app';
import { proxmoxEnv, testSimulatorSettings } from '../src/testing/test-simulator';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const databaseServerUrl = process.env['TEST_DATABASE_URL'];
const redisUrl = process.env['REDIS_URL'];
const isBuilt = existsSync(API_MAIN);
const skipReason = !databaseServerUrl
  ? 'set TEST_DATABASE_URL=mysql://root@127.0.0.1:3306/test'
  : !redisUrl
    ? 'set REDIS_URL=redis://127.0.0.1:6379'
    : !isBuilt
      ? 'build the API first: npx nx run api:build'
      : undefined;
if (skipReason) {
  // Processes sharing one MariaDB and one Redis are the point; CI sets both and builds the API.
  console.warn(`process-scale-out suite skipped: ${skipReason}`);
}

const SWEEP_SECONDS = 1;
const DRAIN_SECONDS = 2;
const GRACE_SECONDS = 25;
const SOCKETS = 4;
const DAY_MS = 86_400_000;
const ADMIN = { email: 'ops@example.test', password: 'admin-password-123' };

/**
 * Locks are keys in Redis (SET NX), shared by every suite and engineer using this Redis: a database
 * of its own keeps this suite's sweep and charge locks apart (pub/sub, the Socket.IO adapter's
 * channel, is server-wide either way).
 */
function isolatedRedisUrl(url: string): string {
  const own = new URL(url);
  own.pathname = `/${1 + Math.floor(Math.random() * 15)}`;
  return own.toString();
}

/** The next UTC minute at least `leadMs` away, as BILLING_CHARGE_TIME (HH:MM) and its instant. */
function chargeMinute(leadMs: number): { time: string; at: number } {
  const at = Math.ceil((Date.now() + leadMs) / 60_000) * 60_000;
  return { time: new Date(at).toISOString().slice(11, 16), at };
}

/** Reads one unlabelled sample of a Prometheus text exposition (0 when absent). */
async function metric(baseUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split('\n').find((row) => row.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

/** A client that retries what failed on the way (connection lost, 502/503/504 from the proxy). */
async function withRetries<T>(
  send: () => Promise<HttpResult<T>>,
  attempts = 40,
): Promise<{ result: HttpResult<T>; tries: number }> {
  for (let tries = 1; ; tries++) {
    const result = await send().catch(() => undefined);
    if (result && ![502, 503, 504].includes(result.status)) return { result, tries };
    if (tries >= attempts) throw new Error(`still failing after ${tries} tries`);
    await sleep(100);
  }
}

(skipReason ? describe.skip : describe)('two API processes behind a proxy', () => {
  const work = mkdtempSync(join(tmpdir(), 'hostdeck-process-scale-'));
  const simulator = new BundledSimulator();
  const started: ApiOnPort[] = [];
  const instances: (ApiOnPort | undefined)[] = [undefined, undefined];
  const sockets: ClientSocket[] = [];
  const received: { socket: number; event: ServerStatsEvent; atMs: number }[] = [];
  let ports: number[] = [];
  let env: Record<string, string> = {};
  let proxy: { baseUrl: string; stop(): Promise<void>; describe: string };
  let db: DatabaseProbe;
  let dropDatabase: (() => Promise<void>) | undefined;
  let charge: { time: string; at: number };
  let lockRedisUrl = '';
  /** When both processes were up (their start-up catch-up of missed charges runs 2 s after). */
  let upAt = 0;
  let build: ReturnType<typeof snapshotBuiltApi> | undefined;
  let customer: { id: number; token: string };
  let adminToken: string;
  const serverIds: number[] = [];

  async function startInstance(index: number): Promise<ApiOnPort> {
    const instance = await startApiOnPort(
      ports[index],
      { ...env, DATA_DIR: join(work, `api-${index}`) },
      { entry: build?.entry, readyTimeoutMs: 90_000 },
    );
    started.push(instance);
    instances[index] = instance;
    return instance;
  }

  const viaProxy = <T>(method: string, path: string, options: Parameters<typeof http>[3] = {}) =>
    http<T>(proxy.baseUrl, method, path, options);

  beforeAll(async () => {
    build = snapshotBuiltApi();
    const connection = await simulator.start(
      testSimulatorSettings(join(work, 'sim'), { taskTimeoutSeconds: 30 }),
    );
    const scratch = await createScratchDatabase(databaseServerUrl as string);
    dropDatabase = scratch.drop;
    db = await openDatabaseProbe(scratch.url);
    ports = [await freePort(), await freePort()];
    // Both processes schedule the daily charge for the same minute: they fire together.
    charge = chargeMinute(70_000);
    lockRedisUrl = isolatedRedisUrl(redisUrl as string);
    // A run of this suite earlier today (same Redis database by chance) would still hold the lock.
    const redis = new Redis(lockRedisUrl);
    await redis.del(`hostdeck:lock:charge:${billingDay(new Date(charge.at))}`);
    await redis.quit();
    env = {
      NODE_ENV: 'production',
      DATABASE_URL: scratch.url,
      REDIS_URL: lockRedisUrl,
      JWT_SECRET: 'process-scale-out-secret-of-at-least-32-characters',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      BCRYPT_COST: '10',
      SERVE_WEB: 'false',
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'info',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      ...proxmoxEnv(connection),
      MONITORING_INTERVAL_SECONDS: String(SWEEP_SECONDS),
      BILLING_CHARGE_TIME: charge.time,
      SHUTDOWN_DRAIN_SECONDS: String(DRAIN_SECONDS),
      SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
    };
    // Both at the same moment against the empty database: the migration lock is under test.
    await Promise.all([startInstance(0), startInstance(1)]);
    upAt = Date.now();

    if (isNginxInstalled()) {
      const nginx = await startNginx({
        dir: join(work, 'nginx'),
        listenPort: await freePort(),
        upstreamPorts: ports,
      });
      proxy = { ...nginx, describe: `nginx (${NGINX_BIN}, docker/nginx.conf)` };
    } else {
      const node = new RoundRobinProxy(ports);
      await node.listen();
      proxy = { baseUrl: node.baseUrl, stop: () => node.stop(), describe: 'Node round robin' };
    }
    console.info(`process-scale-out: proxy is ${proxy.describe}`);
  }, 150_000);

  afterAll(async () => {
    sockets.forEach((socket) => socket.disconnect());
    await Promise.all(started.map((instance) => instance.kill('SIGKILL')));
    await proxy?.stop();
    await db?.close();
    await dropDatabase?.();
    await simulator.onApplicationShutdown();
    rmSync(work, { recursive: true, force: true });
    build?.remove();
  }, 30_000);

  it('migrates and seeds once although both processes started together on an empty database', async () => {
    const migrations = await db.query<{ name: string; runs: number }>(
      'SELECT name, COUNT(*) AS runs FROM migrations GROUP BY name',
    );
    expect(migrations).toHaveLength(MIGRATIONS.length);
    expect(migrations.every((row) => Number(row.runs) === 1)).toBe(true);
    const [tariffs] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM tariffs');
    expect(Number(tariffs.n)).toBe(3);
    const [admins] = await db.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM users WHERE role = 'admin'",
    );
    expect(Number(admins.n)).toBe(1);
    for (const instance of instances) {
      const ready = await http(instance?.baseUrl as string, 'GET', '/api/health/ready');
      expect(ready.status).toBe(200);
    }
  });

  it('delivers server-stats through the proxy to sockets on either process, each sweep once across both', async () => {
    const email = 'scale@example.com';
    await viaProxy('POST', '/api/auth/register', { body: { email, password: 'a-good-password' } });
    const login = await viaProxy<LoginResponse>('POST', '/api/auth/login', {
      body: { email, password: 'a-good-password' },
    });
    customer = { id: login.body.user.id, token: login.body.accessToken };
    adminToken = (await viaProxy<LoginResponse>('POST', '/api/auth/login', { body: ADMIN })).body
      .accessToken;
    const credit = await viaProxy('POST', `/api/admin/users/${customer.id}/balance`, {
      token: adminToken,
      body: { amountMinor: 100_000, reason: 'scale-out test' },
    });
    expect(credit.status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const created = await viaProxy<CreateServerResponse>('POST', '/api/server/create', {
        token: customer.token,
        body: { tariffId: 1, osId: 1 },
      });
      expect(created.status).toBe(202);
      serverIds.push(created.body.server.id);
    }
    for (const id of serverIds) {
      await eventually(
        () => viaProxy<ServerView>('GET', `/api/server/${id}`, { token: customer.token }),
        (answer) => answer.body.status === 'running',
        30_000,
      );
    }

    // The servers last paid two days ago: the daily charge owes each of them yesterday.
    await sleep(Math.max(0, upAt + 4000 - Date.now()));
    if (Date.now() > charge.at - 2000)
      throw new Error('the machine was too slow: the servers were ready after the charge minute');
    const twoDaysAgo = billingDay(new Date(Date.now() - 2 * DAY_MS));
    await db.query(`UPDATE servers SET billedThrough = ? WHERE id IN (${serverIds.join(',')})`, [
      twoDaysAgo,
    ]);

    // Sockets through the proxy, WebSocket transport only; round robin puts some on each process.
    for (let index = 0; index < SOCKETS; index++) {
      const socket: ClientSocket = io(proxy.baseUrl, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token: customer.token },
        reconnectionDelay: 200,
        reconnectionDelayMax: 1000,
      });
      socket.on('server-stats', (event) =>
        received.push({ socket: index, event, atMs: Date.now() }),
      );
      // Rooms are per connection: subscribe again after every reconnect.
      socket.on('connect', () => {
        for (const serverId of serverIds) socket.emit('subscribe-server', { serverId }, () => 0);
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
    }
    const held = await Promise.all(
      instances.map((instance) =>
        metric(instance?.baseUrl as string, 'hostdeck_sockets_connected'),
      ),
    );
    expect(held.reduce((sum, n) => sum + n, 0)).toBe(SOCKETS);
    expect(held.every((n) => n >= 1)).toBe(true);

    const sweepsBefore = await Promise.all(
      instances.map((i) => metric(i?.baseUrl as string, 'hostdeck_sweep_duration_seconds_count')),
    );
    const from = Date.now();
    await sleep(6000);
    const until = Date.now();
    const sweepsAfter = await Promise.all(
      instances.map((i) => metric(i?.baseUrl as string, 'hostdeck_sweep_duration_seconds_count')),
    );
    await sleep(500);

    const window = received.filter(
      ({ event }) => Date.parse(event.at) >= from && Date.parse(event.at) < until - 500,
    );
    const sweeps = [...new Set(window.map(({ event }) => event.at))];
    const windowsElapsed = Math.ceil((until - from) / (SWEEP_SECONDS * 1000));
    expect(sweeps.length).toBeGreaterThanOrEqual(4);
    expect(sweeps.length).toBeLessThanOrEqual(windowsElapsed + 1);
    // The processes together ran one sweep per interval window, not one each: with both sweeping,
    // the sum would be twice the windows.
    const ran = sweepsAfter.map((after, i) => after - sweepsBefore[i]);
    const total = ran.reduce((sum, n) => sum + n, 0);
    expect(total).toBeGreaterThanOrEqual(sweeps.length - 1);
    expect(total).toBeLessThanOrEqual(windowsElapsed + 1);
    console.info(`process-scale-out: sweeps per process in 6 s: ${ran.join(' + ')}`);
    // Every socket, on whichever process it is, got every server's stats from every sweep, once.
    for (let socket = 0; socket < sockets.length; socket++) {
      for (const at of sweeps) {
        const got = window.filter((r) => r.socket === socket && r.event.at === at);
        expect(got.map((r) => r.event.serverId).sort()).toEqual([...serverIds].sort());
      }
    }
  }, 90_000);

  it('runs the daily charge that fires on both processes at the same minute once', async () => {
    // The timers' run logs today's day; a start-up catch-up (for a missed earlier run) would log
    // an earlier one and is not what this checks.
    const today = billingDay(new Date(charge.at));
    const ranOn = () =>
      instances.map((instance) => (instance?.output() ?? '').includes(`daily charge ${today}:`));
    await sleep(Math.max(0, charge.at - Date.now()));
    await eventually(
      async () => ranOn(),
      (flags) => flags.some(Boolean),
      30_000,
    );
    await sleep(2000); // the other process would have logged by now had it run too
    const chargeLines = instances.map((instance, i) =>
      (instance?.output() ?? '')
        .split('\n')
        .filter((line) => line.includes('ChargingService'))
        .map((line) => `process ${i}: ${line}`),
    );
    if (ranOn().filter(Boolean).length !== 1)
      throw new Error(`the charge ran on both processes:\n${chargeLines.flat().join('\n')}`);
    // It was this run that charged the day each server owed.
    expect(chargeLines.flat().join('\n')).toContain(
      `daily charge ${today}: ${serverIds.length} charges`,
    );

    const yesterday = billingDay(new Date(charge.at - DAY_MS));
    for (const id of serverIds) {
      const charges = await db.query<{ reference: string }>(
        "SELECT reference FROM transactions WHERE type = 'charge' AND serverId = ?",
        [id],
      );
      expect(charges.filter((row) => row.reference.endsWith(`:${yesterday}`))).toHaveLength(1);
    }
    expect(await moneyViolations(db)).toEqual([]);
  }, 150_000);

  it('loses no retried request and no money when one process is SIGKILLed mid-traffic', async () => {
    const outcomes: { kind: string; reason?: string; status: number; tries: number }[] = [];
    let done = 0;
    const client = async (lane: number) => {
      for (let i = 0; i < 20; i++) {
        if (i % 2 === 0) {
          const reason = `traffic ${lane}-${i}`;
          const { result, tries } = await withRetries(() =>
            viaProxy('POST', `/api/admin/users/${customer.id}/balance`, {
              token: adminToken,
              body: { amountMinor: 7, reason },
            }),
          );
          outcomes.push({ kind: 'credit', reason, status: result.status, tries });
        } else {
          const { result, tries } = await withRetries(() =>
            viaProxy('GET', '/api/server', { token: customer.token }),
          );
          outcomes.push({ kind: 'list', status: result.status, tries });
        }
        done += 1;
      }
    };
    const traffic = Promise.all([client(0), client(1), client(2)]);
    await eventually(
      async () => done,
      (n) => n >= 15,
      30_000,
    );
    const killedAt = Date.now();
    await instances[0]?.kill('SIGKILL');
    await traffic;

    expect(outcomes).toHaveLength(60);
    const retried = outcomes.filter((o) => o.tries > 1).length;
    console.info(`process-scale-out: ${retried} of 60 requests needed a retry after the SIGKILL`);
    expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);
    // Every credit the client sent is in the ledger; only one whose answer was lost may be twice.
    const credits = await db.query<{ description: string }>(
      "SELECT description FROM transactions WHERE description LIKE 'traffic %'",
    );
    for (const outcome of outcomes.filter((o) => o.kind === 'credit')) {
      const rows = credits.filter((row) => row.description === outcome.reason).length;
      expect(rows).toBeGreaterThanOrEqual(1);
      expect(rows).toBeLessThanOrEqual(outcome.tries);
    }
    expect(await moneyViolations(db)).toEqual([]);

    // The sockets that were on the killed process are back, through the proxy, on the survivor.
    await eventually(
      async () =>
        sockets.map((socket, index) =>
          received.some((r) => r.socket === index && Date.parse(r.event.at) > killedAt + 500),
        ),
      (flags) => flags.every(Boolean),
      20_000,
    );
    expect(await metric(instances[1]?.baseUrl as string, 'hostdeck_sockets_connected')).toBe(
      SOCKETS,
    );
  }, 120_000);

  it('drains on SIGTERM: readiness 503, running operations finish, sockets move, exit 0 in the grace period', async () => {
    await startInstance(0);
    const leaving = instances[1] as ApiOnPort;
    const staying = instances[0] as ApiOnPort;
    // An operation the leaving process runs when the signal comes.
    const restart = await http<OperationAccepted>(
      leaving.baseUrl,
      'POST',
      `/api/server/${serverIds[0]}/restart`,
      { token: customer.token },
    );
    expect(restart.status).toBe(202);

    const signalledAt = Date.now();
    leaving.child.kill('SIGTERM');
    const ready = await http<{ checks: { lifecycle: string } }>(
      leaving.baseUrl,
      'GET',
      '/api/health/ready',
    );
    expect(ready.status).toBe(503);
    expect(ready.body.checks.lifecycle).toBe('draining');
    // Traffic through the proxy goes on meanwhile.
    const during = await withRetries(() =>
      viaProxy('GET', '/api/server', { token: customer.token }),
    );
    expect(during.result.status).toBe(200);

    const code = await leaving.exited;
    const tookMs = Date.now() - signalledAt;
    console.info(`process-scale-out: SIGTERM to exit 0 in ${tookMs} ms`);
    expect(code).toBe(0);
    expect(tookMs).toBeLessThan(GRACE_SECONDS * 1000);
    expect(tookMs).toBeGreaterThanOrEqual(DRAIN_SECONDS * 1000);

    const [operation] = await db.query<{ state: string }>(
      'SELECT state FROM operations WHERE id = ?',
      [restart.body.operation.id],
    );
    expect(operation.state).toBe('succeeded');

    const exitedAt = Date.now();
    await eventually(
      async () =>
        sockets.map((socket, index) =>
          received.some((r) => r.socket === index && Date.parse(r.event.at) > exitedAt + 500),
        ),
      (flags) => flags.every(Boolean),
      20_000,
    );
    expect(await metric(staying.baseUrl, 'hostdeck_sockets_connected')).toBe(SOCKETS);
    expect(await moneyViolations(db)).toEqual([]);
  }, 120_000);
});
