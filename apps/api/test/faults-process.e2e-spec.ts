import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type {
  CreateServerResponse,
  HealthResponse,
  LoginResponse,
  ServerView,
} from '@hostdeck/contracts';

import { billingDay } from '../src/modules/billing/pricing';
import { BundledSimulator } from '../src/modules/proxmox/bundled-simulator';
import type { ProxmoxConnection } from '../src/modules/proxmox/proxmox-connection';
import { ApiProcesses, freePort, type ApiProcess } from '../src/testing/api-process';
import { eventually, sleep } from '../src/testing/eventually';
import {
  containerViolations,
  moneyViolations,
  openDatabaseProbe,
  unfinishedOperations,
  type DatabaseProbe,
} from '../src/testing/money-invariants';
import { SimControl } from '../src/testing/sim-control';
import { createScratchDatabase, http } from '../src/testing/test-app';
import { testSimulatorSettings } from '../src/testing/test-simulator';

const DAY_MS = 86_400_000;
/** Days each server owes when the charge starts: the panel "was down" this long. */
const OWED_DAYS = 40;
/** Tariff 1 costs 500 a month: 17 a day. */
const DAILY = 17;

interface SimState {
  containers: { node: string; vmid: number; hostname?: string; status: string }[];
}

/**
 * The built API as a real process, SIGKILLed in the middle of the daily charge and started again
 * on the same database: the charge is finished at start, every server is charged exactly once for
 * every day, every balance equals its ledger, and no container is left without its server. Then
 * started while Proxmox is unreachable: it answers, degraded. (The kill in the middle of a create
 * is crash-recovery.e2e-spec.ts.)
 */
describe('an API process killed in the middle of the daily charge', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hostdeck-faults-process-'));
  const simulator = new BundledSimulator();
  const processes = new ApiProcesses();
  let connection: ProxmoxConnection;
  let sim: SimControl;
  let databaseUrl = `sqlite:${join(dataDir, 'panel.sqlite')}`;
  let dropDatabase: (() => Promise<void>) | undefined;
  let db: DatabaseProbe | undefined;

  function startApi(
    onOutput?: (text: string) => void,
    proxmoxApiUrl = connection.apiUrl,
  ): Promise<ApiProcess> {
    return processes.start(
      {
        NODE_ENV: 'test',
        DATA_DIR: join(dataDir, 'api'),
        DATABASE_URL: databaseUrl,
        ...(process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {}),
        JWT_SECRET: 'faults-process-test-secret-of-32-characters!!',
        ADMIN_EMAIL: 'root-admin@example.test',
        ADMIN_PASSWORD: 'admin-password-123',
        BCRYPT_COST: '10',
        SERVE_WEB: 'false',
        // The ledger's info lines tell the test how far the charge got.
        LOG_LEVEL: 'info',
        // Midnight: the day's run is always due, whatever time the suite runs.
        BILLING_CHARGE_TIME: '00:00',
        AUTH_RATE_LIMIT_PER_MINUTE: '1000',
        PROXMOX_API_URL: proxmoxApiUrl,
        PROXMOX_TOKEN_ID: connection.tokenId,
        PROXMOX_TOKEN_SECRET: connection.tokenSecret,
      },
      { onOutput },
    );
  }

  beforeAll(async () => {
    connection = await simulator.start(testSimulatorSettings(dataDir));
    sim = new SimControl(connection);
    if (process.env['TEST_DATABASE_URL']) {
      const scratch = await createScratchDatabase(process.env['TEST_DATABASE_URL']);
      databaseUrl = scratch.url;
      dropDatabase = scratch.drop;
    }
  });

  afterAll(async () => {
    await processes.killAll();
    await db?.close();
    await simulator.onApplicationShutdown();
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes the charge after a restart: each server once a day, balances equal the ledger', async () => {
    const first = await startApi();
    const admin = await http<LoginResponse>(first.baseUrl, 'POST', '/api/auth/login', {
      body: { email: 'root-admin@example.test', password: 'admin-password-123' },
    });
    async function customer(email: string, balanceMinor: number): Promise<string> {
      await http(first.baseUrl, 'POST', '/api/auth/register', {
        body: { email, password: 'a-good-password' },
      });
      const login = await http<LoginResponse>(first.baseUrl, 'POST', '/api/auth/login', {
        body: { email, password: 'a-good-password' },
      });
      await http(first.baseUrl, 'POST', `/api/admin/users/${login.body.user.id}/balance`, {
        token: admin.body.accessToken,
        body: { amountMinor: balanceMinor, reason: 'test top-up' },
      });
      return login.body.accessToken;
    }
    // One customer who can pay everything, one whose money runs out half way.
    const rich = await customer('rich@example.com', 100_000);
    // Two creates, then OWED_DAYS days of the first server and 10 of the second.
    const poorBalance = 2 * DAILY + OWED_DAYS * DAILY + 10 * DAILY + 5;
    const poor = await customer('poor@example.com', poorBalance);
    const created: { token: string; id: number }[] = [];
    for (const [token, count] of [
      [rich, 4],
      [poor, 2],
    ] as const) {
      for (let i = 0; i < count; i++) {
        const answer = await http<CreateServerResponse>(
          first.baseUrl,
          'POST',
          '/api/server/create',
          { token, body: { tariffId: 1, osId: 1 } },
        );
        expect(answer.status).toBe(202);
        created.push({ token, id: answer.body.server.id });
      }
    }
    for (const server of created) {
      await eventually(
        async () =>
          (
            await http<ServerView>(first.baseUrl, 'GET', `/api/server/${server.id}`, {
              token: server.token,
            })
          ).body,
        (view) => view.status === 'running' && view.activeOperation === null,
        20_000,
      );
    }
    await first.kill('SIGKILL');

    // The servers were created (and charged) OWED_DAYS ago, and the panel was down since.
    const today = billingDay(new Date());
    const createdOn = billingDay(new Date(Date.now() - OWED_DAYS * DAY_MS));
    db = await openDatabaseProbe(databaseUrl);
    await db.query('UPDATE servers SET billedThrough = ?', [createdOn]);
    await db.query(
      "UPDATE transactions SET reference = REPLACE(reference, ?, ?) WHERE type = 'charge'",
      [today, createdOn],
    );

    // Started again, it catches the day's charge up at start; killed once about a third of its
    // charges are in (watched in the database: on SQLite the run never yields to log output).
    const chargeCount = async () =>
      Number(
        (
          await (db as DatabaseProbe).query<{ n: number }>(
            "SELECT COUNT(*) AS n FROM transactions WHERE type = 'charge'",
          )
        )[0].n,
      );
    const second = await startApi();
    const deadline = Date.now() + 30_000;
    while ((await chargeCount()) < 6 + 40 && Date.now() < deadline) await sleep(2);
    await second.kill('SIGKILL');
    const chargesAtKill = await chargeCount();
    // 6 creates, then the kill came in the middle: neither nothing nor everything was charged.
    expect(chargesAtKill).toBeGreaterThanOrEqual(6 + 40);
    expect(chargesAtKill).toBeLessThan(6 + 5 * OWED_DAYS + 10);
    expect(await moneyViolations(db)).toEqual([]);

    let output = '';
    const third = await startApi((text) => (output += text));
    await eventually(
      async () => output,
      (text) => text.includes(`daily charge ${today}:`),
      30_000,
    );
    await eventually(
      () => unfinishedOperations(db as DatabaseProbe),
      (open) => open.length === 0,
      20_000,
    );

    expect(await moneyViolations(db, { firstDayOf: () => createdOn })).toEqual([]);
    const servers = await db.query<{ id: number; status: string; billedThrough: string }>(
      'SELECT id, status, billedThrough FROM servers ORDER BY id',
    );
    // The rich customer's four are paid through today; the poor one's second is suspended.
    expect(servers.map((server) => [server.status, server.billedThrough])).toEqual([
      ['running', today],
      ['running', today],
      ['running', today],
      ['running', today],
      ['running', today],
      ['suspended', expect.any(String)],
    ]);
    const perServer = await db.query<{ serverId: number; n: number }>(
      "SELECT serverId, COUNT(*) AS n FROM transactions WHERE type = 'charge' GROUP BY serverId ORDER BY serverId",
    );
    // Each: the create's day, then every day since, once; the last one ran out after 10 days.
    expect(perServer.map((row) => Number(row.n))).toEqual([41, 41, 41, 41, 41, 11]);
    const poorMe = await http<{ user: { balanceMinor: number } }>(
      third.baseUrl,
      'GET',
      '/api/auth/me',
      { token: poor },
    );
    expect(poorMe.body.user.balanceMinor).toBeGreaterThanOrEqual(0);
    expect(poorMe.body.user.balanceMinor).toBeLessThan(DAILY);
    const state = await sim.state<SimState>();
    expect(await containerViolations(db, state.containers)).toEqual([]);
    expect(state.containers.filter((container) => container.status === 'running').length).toBe(5);
    await third.kill('SIGTERM');
  }, 90_000);

  it('starts and answers while Proxmox is unreachable: health degraded, actions fail clearly', async () => {
    // Nobody listens on this port: every Proxmox call is refused, from the first one.
    const nowhere = `http://127.0.0.1:${await freePort()}/api2/json`;
    const api = await startApi(undefined, nowhere);
    const health = await http<HealthResponse>(api.baseUrl, 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'degraded',
      checks: { database: { status: 'up' }, proxmox: { status: 'down' } },
    });
    const login = await http<LoginResponse>(api.baseUrl, 'POST', '/api/auth/login', {
      body: { email: 'rich@example.com', password: 'a-good-password' },
    });
    const token = login.body.accessToken;
    const list = await http<ServerView[]>(api.baseUrl, 'GET', '/api/server', { token });
    expect(list.status).toBe(200);
    const id = list.body[0].id;
    const stop = await http(api.baseUrl, 'POST', `/api/server/${id}/stop`, { token });
    expect(stop.status).toBe(202);
    const stopped = await eventually(
      async () => (await http<ServerView>(api.baseUrl, 'GET', `/api/server/${id}`, { token })).body,
      (server) => server.activeOperation === null,
      20_000,
    );
    expect(stopped.lastOperation).toMatchObject({
      type: 'stop',
      state: 'failed',
      error: 'The virtualization cluster is unreachable right now; please try again shortly',
    });
    // What the panel knew stays: the container was never touched.
    expect(stopped.status).toBe('running');
    expect(
      (await sim.state<SimState>()).containers.filter((c) => c.status === 'running'),
    ).toHaveLength(5);
    expect(await unfinishedOperations(db as DatabaseProbe)).toEqual([]);
    await api.kill('SIGTERM');
  }, 60_000);
});
