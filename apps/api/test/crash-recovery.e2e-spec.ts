import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CreateServerResponse, LoginResponse, ServerView } from '@hostdeck/contracts';

import { BundledSimulator } from '../src/modules/proxmox/bundled-simulator';
import type { ProxmoxConnection } from '../src/modules/proxmox/proxmox-connection';
import { ApiProcesses, type ApiProcess } from '../src/testing/api-process';
import { sleep } from '../src/testing/eventually';
import {
  containerViolations,
  moneyViolations,
  openDatabaseProbe,
  unfinishedOperations,
} from '../src/testing/money-invariants';
import { SimControl } from '../src/testing/sim-control';
import { createScratchDatabase, http } from '../src/testing/test-app';
import { proxmoxEnv, testSimulatorSettings } from '../src/testing/test-simulator';

/**
 * The built API as a real process, killed with SIGKILL in the middle of a create and started
 * again on the same database: the unfinished operation is settled from Proxmox's task.
 */
describe('an API process killed in the middle of a create', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hostdeck-crash-'));
  const simulator = new BundledSimulator();
  let connection: ProxmoxConnection;
  let sim: SimControl;
  let databaseUrl = `sqlite:${join(dataDir, 'crash.sqlite')}`;
  let dropDatabase: (() => Promise<void>) | undefined;
  const processes = new ApiProcesses();

  function startApi(): Promise<ApiProcess> {
    return processes.start({
      NODE_ENV: 'test',
      DATA_DIR: join(dataDir, 'api'),
      DATABASE_URL: databaseUrl,
      JWT_SECRET: 'crash-recovery-test-secret-of-32-characters!!',
      ADMIN_EMAIL: 'root-admin@example.test',
      ADMIN_PASSWORD: 'admin-password-123',
      BCRYPT_COST: '10',
      SERVE_WEB: 'false',
      LOG_LEVEL: 'warn',
      ...proxmoxEnv(connection),
    });
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
    await simulator.onApplicationShutdown();
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes the create after a restart: running, charged once, no orphan', async () => {
    const first = await startApi();
    await http(first.baseUrl, 'POST', '/api/auth/register', {
      body: { email: 'crash@example.com', password: 'a-good-password' },
    });
    const login = await http<LoginResponse>(first.baseUrl, 'POST', '/api/auth/login', {
      body: { email: 'crash@example.com', password: 'a-good-password' },
    });
    const admin = await http<LoginResponse>(first.baseUrl, 'POST', '/api/auth/login', {
      body: { email: 'root-admin@example.test', password: 'admin-password-123' },
    });
    await http(first.baseUrl, 'POST', `/api/admin/users/${login.body.user.id}/balance`, {
      token: admin.body.accessToken,
      body: { amountMinor: 1000, reason: 'test' },
    });

    await sim.setFaults({ taskLatencyMs: 4000 });
    const created = await http<CreateServerResponse>(first.baseUrl, 'POST', '/api/server/create', {
      token: login.body.accessToken,
      body: { tariffId: 1, osId: 1, hostname: 'survivor' },
    });
    expect(created.status).toBe(202);
    // Wait until Proxmox has the task, then kill the API without a chance to clean up.
    let hasTask = false;
    for (let i = 0; i < 400 && !hasTask; i++) {
      const state = await sim.state<{ containers: { hostname?: string; lock?: string }[] }>();
      hasTask = state.containers.some(
        (container) => container.hostname === 'survivor' && container.lock === 'create',
      );
      if (!hasTask) await sleep(50);
    }
    expect(hasTask).toBe(true);
    await first.kill('SIGKILL');
    await sim.clearFaults();
    // Let Proxmox finish the task while no panel is running.
    for (let i = 0; i < 100; i++) {
      const state = await sim.state<{
        containers: { hostname?: string; lock?: string; status: string }[];
      }>();
      if (
        state.containers.some(
          (container) =>
            container.hostname === 'survivor' && !container.lock && container.status === 'running',
        )
      )
        break;
      await sleep(100);
    }

    const second = await startApi();
    let server: ServerView | undefined;
    for (let i = 0; i < 100; i++) {
      server = (
        await http<ServerView>(second.baseUrl, 'GET', `/api/server/${created.body.server.id}`, {
          token: login.body.accessToken,
        })
      ).body;
      if (server.status !== 'creating') break;
      await sleep(100);
    }
    expect(server).toMatchObject({
      status: 'running',
      hostname: 'survivor',
      activeOperation: null,
    });
    expect(server?.ipAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(server?.lastOperation).toMatchObject({ type: 'create', state: 'succeeded' });
    const me = await http<{ user: { balanceMinor: number } }>(
      second.baseUrl,
      'GET',
      '/api/auth/me',
      { token: login.body.accessToken },
    );
    expect(me.body.user.balanceMinor).toBe(1000 - 17);
    // Nothing half-done anywhere: the ledger matches the balances, every container has its server.
    const db = await openDatabaseProbe(databaseUrl);
    try {
      expect(await unfinishedOperations(db)).toEqual([]);
      expect(await moneyViolations(db)).toEqual([]);
      const state = await sim.state<{ containers: { node: string; vmid: number }[] }>();
      expect(await containerViolations(db, state.containers)).toEqual([]);
    } finally {
      await db.close();
    }
    await second.kill('SIGTERM');
  });
});
