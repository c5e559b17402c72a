import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type {
  CreateServerResponse,
  HealthResponse,
  LoginResponse,
  ServerView,
} from '@hostdeck/contracts';

import { BundledSimulator } from '../src/modules/proxmox/bundled-simulator';
import type { ProxmoxConnection } from '../src/modules/proxmox/proxmox-connection';
import { ApiProcesses, type ApiProcess } from '../src/testing/api-process';
import { eventually, sleep } from '../src/testing/eventually';
import {
  containerViolations,
  moneyViolations,
  openDatabaseProbe,
  unfinishedOperations,
  type DatabaseProbe,
} from '../src/testing/money-invariants';
import { SimControl } from '../src/testing/sim-control';
import { TcpProxy } from '../src/testing/tcp-proxy';
import { createScratchDatabase, http } from '../src/testing/test-app';
import { proxmoxEnv, testSimulatorSettings } from '../src/testing/test-simulator';

const databaseServerUrl = process.env['TEST_DATABASE_URL'];
/** CI only: restart the real MariaDB. Locally a proxy is cut instead (others share the server). */
const restartMariadb = process.env['FAULT_MARIADB_RESTART'] === '1';
/** Tariff 1 costs 500 a month: 17 a day. */
const DAILY = 17;
const OUTAGE_MS = 4000;

if (!databaseServerUrl) {
  // SQLite is a file inside the process: there is no outage to simulate.
  console.warn(
    'database fault suite skipped: set TEST_DATABASE_URL=mysql://root@127.0.0.1:3306/test to run it',
  );
}

interface Answer {
  what: string;
  status: number;
  body: unknown;
  ms: number;
}

/** The real MariaDB: stopped and started again (CI, FAULT_MARIADB_RESTART=1). */
const mariadb = {
  asRoot(command: string, args: string[]): void {
    const isRoot = process.getuid?.() === 0;
    execFileSync(isRoot ? command : 'sudo', isRoot ? args : ['-n', command, ...args], {
      stdio: 'ignore',
      timeout: 30_000,
    });
  },
  isUp(host: string, port: number): boolean {
    try {
      execFileSync(
        'mariadb-admin',
        ['--protocol=tcp', `-h${host}`, `-P${port}`, '-uroot', '--connect-timeout=2', 'ping'],
        { stdio: 'ignore', timeout: 5000 },
      );
      return true;
    } catch {
      return false;
    }
  },
  async stop(host: string, port: number): Promise<void> {
    execFileSync(
      'mariadb-admin',
      ['--protocol=tcp', `-h${host}`, `-P${port}`, '-uroot', 'shutdown'],
      { stdio: 'ignore', timeout: 30_000 },
    );
    await eventually(
      async () => mariadb.isUp(host, port),
      (up) => !up,
      30_000,
    );
    // Ping stops before the process has exited; start-stop-daemon --oknodo would see it running.
    await eventually(
      async () => mariadb.isProcessRunning(),
      (running) => !running,
      60_000,
    );
  },
  /** pidof exits 1 when no mariadbd runs (where there is no pidof, ping alone decides). */
  isProcessRunning(): boolean {
    try {
      execFileSync('pidof', ['mariadbd'], { stdio: 'ignore', timeout: 5000 });
      return true;
    } catch {
      return false;
    }
  },
  async start(host: string, port: number): Promise<void> {
    mariadb.asRoot('start-stop-daemon', [
      '--start',
      '--oknodo',
      '--background',
      '--exec',
      '/usr/sbin/mariadbd',
    ]);
    await eventually(
      async () => mariadb.isUp(host, port),
      (up) => up,
      60_000,
    );
  },
};

/**
 * The database goes away while a client keeps sending requests, and comes back: meanwhile the API
 * answers 503 in the one error shape (no hang, no crash) and health says error; afterwards the
 * same process serves again, and no money was lost or doubled. Locally a loopback proxy between
 * the API and MariaDB is cut (the same code path, without disturbing others on the shared server);
 * in CI with FAULT_MARIADB_RESTART=1 the real MariaDB is shut down and started again.
 */
(databaseServerUrl ? describe : describe.skip)('a database outage during traffic', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hostdeck-faults-db-'));
  const simulator = new BundledSimulator();
  const processes = new ApiProcesses();
  const server = new URL(databaseServerUrl ?? 'mysql://127.0.0.1:3306/test');
  const dbHost = server.hostname;
  const dbPort = Number(server.port || 3306);
  let proxy: TcpProxy | undefined;
  let connection: ProxmoxConnection;
  let sim: SimControl;
  let api: ApiProcess;
  let scratchUrl = '';
  let dropDatabase: (() => Promise<void>) | undefined;
  let db: DatabaseProbe | undefined;
  let token = '';
  let adminToken = '';
  let userId = 0;

  beforeAll(async () => {
    connection = await simulator.start(testSimulatorSettings(dataDir));
    sim = new SimControl(connection);
    const scratch = await createScratchDatabase(databaseServerUrl as string);
    scratchUrl = scratch.url;
    dropDatabase = scratch.drop;
    let apiDatabaseUrl = scratchUrl;
    if (!restartMariadb) {
      proxy = new TcpProxy(dbHost, dbPort);
      const via = new URL(scratchUrl);
      via.hostname = '127.0.0.1';
      via.port = String(await proxy.start());
      apiDatabaseUrl = via.toString();
    }
    api = await processes.start({
      NODE_ENV: 'test',
      DATA_DIR: join(dataDir, 'api'),
      DATABASE_URL: apiDatabaseUrl,
      ...(process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {}),
      JWT_SECRET: 'faults-database-test-secret-of-32-characters!!',
      ADMIN_EMAIL: 'root-admin@example.test',
      ADMIN_PASSWORD: 'admin-password-123',
      BCRYPT_COST: '10',
      SERVE_WEB: 'false',
      LOG_LEVEL: 'warn',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      MONITORING_INTERVAL_SECONDS: '1',
      ...proxmoxEnv(connection),
    });
    await http(api.baseUrl, 'POST', '/api/auth/register', {
      body: { email: 'db-faults@example.com', password: 'a-good-password' },
    });
    const login = await http<LoginResponse>(api.baseUrl, 'POST', '/api/auth/login', {
      body: { email: 'db-faults@example.com', password: 'a-good-password' },
    });
    token = login.body.accessToken;
    userId = login.body.user.id;
    const admin = await http<LoginResponse>(api.baseUrl, 'POST', '/api/auth/login', {
      body: { email: 'root-admin@example.test', password: 'admin-password-123' },
    });
    adminToken = admin.body.accessToken;
  }, 60_000);

  afterAll(async () => {
    await processes.killAll();
    await db?.close();
    await proxy?.close();
    await simulator.onApplicationShutdown();
    if (restartMariadb && !mariadb.isUp(dbHost, dbPort)) await mariadb.start(dbHost, dbPort);
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  }, 90_000);

  /** One request with a bound: a hang shows up as status 0, not as a stuck test. */
  async function send(
    method: string,
    path: string,
    bearer: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    try {
      const response = await fetch(`${api.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: keep the text (the shape check below reports it).
      }
      return { status: response.status, body: parsed };
    } catch (error) {
      return { status: 0, body: String(error) };
    }
  }

  async function takeDatabaseAway(): Promise<void> {
    if (proxy) await proxy.refuse();
    else await mariadb.stop(dbHost, dbPort);
  }

  async function bringDatabaseBack(): Promise<void> {
    if (proxy) await proxy.restore();
    else await mariadb.start(dbHost, dbPort);
  }

  it('answers 503 in the one shape while it is down, serves again after, and keeps the money', async () => {
    const topUp = await http(api.baseUrl, 'POST', `/api/admin/users/${userId}/balance`, {
      token: adminToken,
      body: { amountMinor: 1000, reason: 'test top-up' },
    });
    expect(topUp.status).toBe(200);
    const created = await http<CreateServerResponse>(api.baseUrl, 'POST', '/api/server/create', {
      token,
      body: { tariffId: 1, osId: 1, hostname: 'before-outage' },
    });
    expect(created.status).toBe(202);
    const id = created.body.server.id;
    await eventually(
      async () => (await http<ServerView>(api.baseUrl, 'GET', `/api/server/${id}`, { token })).body,
      (view) => view.status === 'running' && view.activeOperation === null,
      20_000,
    );

    // A client that keeps going: reads, a create (money) and a top-up (money), each bounded.
    const answers: Answer[] = [];
    let isSending = true;
    const requests: [string, string, unknown?, string?][] = [
      ['GET', '/api/server'],
      ['GET', `/api/server/${id}`],
      ['GET', '/api/auth/me'],
      ['GET', '/api/billing/transactions'],
      ['POST', '/api/server/create', { tariffId: 1, osId: 1 }],
      [
        'POST',
        `/api/admin/users/${userId}/balance`,
        { amountMinor: 50, reason: 'during' },
        'admin',
      ],
    ];
    const client = (async () => {
      for (let i = 0; isSending; i++) {
        const [method, path, body, who] = requests[i % requests.length];
        const started = Date.now();
        const result = await send(method, path, who === 'admin' ? adminToken : token, body);
        answers.push({
          what: `${method} ${path}`,
          status: result.status,
          body: result.body,
          ms: Date.now() - started,
        });
        await sleep(25);
      }
    })();

    // A create whose task is still running at Proxmox when the database goes away.
    await sim.setFaults({ taskLatencyMs: 1500 });
    const across = await http<CreateServerResponse>(api.baseUrl, 'POST', '/api/server/create', {
      token,
      body: { tariffId: 1, osId: 1, hostname: 'across-outage' },
    });
    expect(across.status).toBe(202);
    await eventually(
      async () => (await sim.state<{ containers: { hostname?: string }[] }>()).containers,
      (containers) => containers.some((container) => container.hostname === 'across-outage'),
      10_000,
    );
    const outageStart = answers.length;
    await takeDatabaseAway();
    await sleep(OUTAGE_MS);
    const health = await http<HealthResponse>(api.baseUrl, 'GET', '/api/health');
    expect(health.status).toBe(503);
    expect(health.body.status).toBe('error');
    expect(health.body.checks.database.status).toBe('down');
    const duringOutage = answers.slice(outageStart);
    await bringDatabaseBack();
    await sim.clearFaults();

    // After: the same process answers again, without a restart.
    await eventually(
      async () => (await http<HealthResponse>(api.baseUrl, 'GET', '/api/health')).status,
      (status) => status === 200,
      30_000,
    );
    await sleep(1500);
    isSending = false;
    await client;
    expect(api.child.exitCode).toBeNull();

    // No answer hung or crashed the connection; every failure was a 503 in the one shape.
    expect(answers.filter((answer) => answer.status === 0)).toEqual([]);
    expect(answers.filter((answer) => answer.ms > 10_000)).toEqual([]);
    const failures = answers.filter((answer) => answer.status >= 500);
    expect(failures.length).toBeGreaterThan(0);
    expect(
      failures.filter(
        (answer) =>
          answer.status !== 503 ||
          JSON.stringify(answer.body) !==
            JSON.stringify({
              statusCode: 503,
              error: 'Service Unavailable',
              message: 'The database is unreachable right now; please try again shortly',
            }),
      ),
    ).toEqual([]);
    expect(duringOutage.some((answer) => answer.status === 503)).toBe(true);
    // The last round, with the database back, succeeded for every kind of request.
    const lastRound = answers.slice(-requests.length);
    expect(lastRound.map((answer) => [answer.what, answer.status < 300])).toEqual(
      lastRound.map((answer) => [answer.what, true]),
    );

    db = await openDatabaseProbe(scratchUrl);
    await eventually(
      () => unfinishedOperations(db as DatabaseProbe),
      (open) => open.length === 0,
      30_000,
    );
    expect(await moneyViolations(db)).toEqual([]);
    // Every accepted create was charged once, every accepted top-up credited once.
    const creates = answers.filter((a) => a.what === 'POST /api/server/create' && a.status === 202);
    const credits = answers.filter((a) => a.what.endsWith('/balance') && a.status === 200);
    const me = await http<{ user: { balanceMinor: number } }>(api.baseUrl, 'GET', '/api/auth/me', {
      token,
    });
    const refunds = await db.query<{ n: number }>(
      "SELECT COALESCE(SUM(amountMinor), 0) AS n FROM transactions WHERE type = 'refund'",
    );
    expect(me.body.user.balanceMinor).toBe(
      1000 - DAILY * (2 + creates.length) + 50 * credits.length + Number(refunds[0].n),
    );
    const state = await sim.state<{
      containers: { node: string; vmid: number; hostname?: string }[];
    }>();
    expect(await containerViolations(db, state.containers)).toEqual([]);
    // The create caught by the outage ended one way or the other, never half: running and paid,
    // or failed with a clear message, refunded and its container removed.
    const acrossView = (
      await http<ServerView>(api.baseUrl, 'GET', `/api/server/${across.body.server.id}`, { token })
    ).body;
    if (acrossView.status === 'error') {
      expect(acrossView.lastOperation?.error).toBe(
        'The database is unreachable right now; please try again shortly',
      );
      expect(state.containers.some((container) => container.hostname === 'across-outage')).toBe(
        false,
      );
      const refund = await db.query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM transactions WHERE type = 'refund' AND serverId = ?",
        [across.body.server.id],
      );
      expect(Number(refund[0].n)).toBe(1);
    } else {
      expect(acrossView).toMatchObject({ status: 'running', activeOperation: null });
    }
  }, 150_000);
});
