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
import { createScratchDatabase, http, type HttpResult } from '../src/testing/test-app';
import { proxmoxEnv, testSimulatorSettings } from '../src/testing/test-simulator';

/** Tariff 1 costs 500 a month: 17 a day. */
const DAILY = 17;
const UNREACHABLE = /unreachable right now; please try again shortly/;
const CLUSTER_ERROR = /The cluster could not complete the action: simulated failure/;

interface SimState {
  containers: {
    node: string;
    vmid: number;
    hostname?: string;
    status: string;
    config: Record<string, string | number>;
    snapshots?: { name: string }[];
  }[];
}

type FaultKind = 'error' | 'hang' | 'task' | 'node-down';
const FAULT_KINDS: FaultKind[] = ['error', 'hang', 'task', 'node-down'];

/** The root disk's size from a container's config (`local-lvm:vm-100-disk-0,size=10G`). */
function diskSizeGb(container: { config: Record<string, string | number> }): number {
  return Number(/size=(\d+)G/.exec(String(container.config['rootfs']))?.[1]);
}

/**
 * A real API process against the simulator's fault injection: Proxmox answers 500, hangs, fails
 * the task, or refuses connections during each server action and during the sweeps. The panel
 * keeps answering; every action ends as a failed operation with a clear message (or succeeds once
 * Proxmox is back, where following a task is the documented behaviour); a failed create is
 * refunded; health shows degraded during an outage and ok after; no orphan containers.
 */
describe('Proxmox faults during every server action and sweep', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hostdeck-faults-proxmox-'));
  const simulator = new BundledSimulator();
  const processes = new ApiProcesses();
  let connection: ProxmoxConnection;
  let sim: SimControl;
  let sshProxy: TcpProxy;
  let api: ApiProcess;
  let token = '';
  let databaseUrl = `sqlite:${join(dataDir, 'panel.sqlite')}`;
  let dropDatabase: (() => Promise<void>) | undefined;
  let db: DatabaseProbe | undefined;
  /** Every answer the test received, to check that no 5xx came without a clear message. */
  const answers: { what: string; status: number; body: unknown }[] = [];

  async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<HttpResult<T>> {
    const result = await http<T>(api.baseUrl, method, path, { token, body });
    answers.push({ what: `${method} ${path}`, status: result.status, body: result.body });
    return result;
  }

  async function view(id: number): Promise<ServerView> {
    const result = await call<ServerView>('GET', `/api/server/${id}`);
    expect(result.status).toBe(200);
    return result.body;
  }

  /** Waits until the server's operation has ended (a final state), and returns the server. */
  function settled(id: number, timeoutMs = 15_000): Promise<ServerView> {
    return eventually(
      () => view(id),
      (server) =>
        server.activeOperation === null &&
        server.lastOperation?.state !== 'running' &&
        !['creating', 'deleting'].includes(server.status),
      timeoutMs,
    );
  }

  /**
   * While its node is down the sweep shows a server unknown; a sweep started after the node is
   * back shows it known again (called right after the fault is cleared).
   */
  async function settledAfterNodeDown(id: number): Promise<ServerView> {
    const back = Date.now();
    await eventually(
      async () => (await http<HealthResponse>(api.baseUrl, 'GET', '/api/health')).body.lastSweep,
      (sweep) => sweep !== null && Date.parse(sweep.at) > back,
      10_000,
    );
    return eventually(
      () => view(id),
      (server) => server.status !== 'unknown',
      10_000,
    );
  }

  async function containerOf(vmid: number | null): Promise<SimState['containers'][number]> {
    const state = await sim.state<SimState>();
    const container = state.containers.find((item) => item.vmid === vmid);
    if (!container) throw new Error(`no container ${vmid} in the simulator`);
    return container;
  }

  async function balance(): Promise<number> {
    return (await call<{ user: { balanceMinor: number } }>('GET', '/api/auth/me')).body.user
      .balanceMinor;
  }

  async function createServer(hostname: string): Promise<HttpResult<CreateServerResponse>> {
    return call<CreateServerResponse>('POST', '/api/server/create', {
      tariffId: 1,
      osId: 1,
      hostname,
    });
  }

  function injectFault(kind: FaultKind, match: string, taskType: string): Promise<unknown> {
    if (kind === 'error') return sim.setFaults({ errorRate: 1, match });
    if (kind === 'hang') return sim.setFaults({ hang: true, match });
    if (kind === 'node-down') return sim.setFaults({ nodesDown: ['pve1'] });
    return sim.setFaults({ failTasks: [{ type: taskType }] });
  }

  const EXPECTED: Record<FaultKind, RegExp> = {
    error: CLUSTER_ERROR,
    hang: UNREACHABLE,
    task: /The cluster task failed: simulated \w+ failure/,
    'node-down': UNREACHABLE,
  };

  beforeAll(async () => {
    connection = await simulator.start(
      testSimulatorSettings(dataDir, {
        simulatorEnv: {
          PVE_SIM_STRICT: 'true',
        },
      }),
    );
    sim = new SimControl(connection);
    // Password resets go over SSH; the proxy lets the test take SSH away for the API alone.
    sshProxy = new TcpProxy('127.0.0.1', connection.ssh?.port ?? 0);
    await sshProxy.start();
    if (process.env['TEST_DATABASE_URL']) {
      const scratch = await createScratchDatabase(process.env['TEST_DATABASE_URL']);
      databaseUrl = scratch.url;
      dropDatabase = scratch.drop;
    }
    api = await processes.start({
      NODE_ENV: 'test',
      DATA_DIR: join(dataDir, 'api'),
      DATABASE_URL: databaseUrl,
      ...(process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {}),
      JWT_SECRET: 'faults-proxmox-test-secret-of-32-characters!!',
      ADMIN_EMAIL: 'root-admin@example.test',
      ADMIN_PASSWORD: 'admin-password-123',
      BCRYPT_COST: '10',
      SERVE_WEB: 'false',
      LOG_LEVEL: 'warn',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      ...proxmoxEnv(connection),
      PROXMOX_SSH_KEY_FILE: join(dataDir, 'pve-sim', 'id_ed25519'),
      PROXMOX_SSH_PORT: String(sshProxy.port),
      // A hung Proxmox call gives up after 2.5 s here (15 s by default; less is flaky on a busy CI).
      PROXMOX_TIMEOUT_MS: '2500',
      PROXMOX_TASK_TIMEOUT_SECONDS: '30',
      SERVER_SHUTDOWN_TIMEOUT_SECONDS: '5',
      MONITORING_INTERVAL_SECONDS: '1',
    });
    await http(api.baseUrl, 'POST', '/api/auth/register', {
      body: { email: 'faults@example.com', password: 'a-good-password' },
    });
    const login = await http<LoginResponse>(api.baseUrl, 'POST', '/api/auth/login', {
      body: { email: 'faults@example.com', password: 'a-good-password' },
    });
    token = login.body.accessToken;
    const admin = await http<LoginResponse>(api.baseUrl, 'POST', '/api/auth/login', {
      body: { email: 'root-admin@example.test', password: 'admin-password-123' },
    });
    await http(api.baseUrl, 'POST', `/api/admin/users/${login.body.user.id}/balance`, {
      token: admin.body.accessToken,
      body: { amountMinor: 10_000, reason: 'test top-up' },
    });
    db = await openDatabaseProbe(databaseUrl);
  }, 60_000);

  afterEach(async () => {
    await sim.clearFaults().catch(() => undefined);
    await sshProxy.restore();
  });

  afterAll(async () => {
    await processes.killAll();
    await db?.close();
    await sshProxy?.close();
    await simulator.onApplicationShutdown();
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a create that fails at Proxmox (500, hang, failed task, node down) ends failed and is refunded', async () => {
    for (const kind of FAULT_KINDS) {
      const before = await balance();
      await injectFault(kind, '^POST /nodes/[^/]+/lxc$', 'vzcreate');
      const created = await createServer(`failed-${kind}`);
      expect(created.status).toBe(202);
      const server = await settled(created.body.server.id);
      expect(server.status).toBe('error');
      expect(server.lastOperation).toMatchObject({ type: 'create', state: 'failed' });
      expect(server.lastOperation?.error).toMatch(
        kind === 'node-down' ? /No cluster node is online right now/ : EXPECTED[kind],
      );
      // Charged when accepted, refunded when it failed: the balance is what it was.
      expect(await balance()).toBe(before);
      await sim.clearFaults();
    }
    const state = await sim.state<SimState>();
    expect(state.containers.filter((c) => c.hostname?.startsWith('failed-'))).toEqual([]);
  });

  it('each action on a server fails cleanly under 500s, hangs, failed tasks and a node down, then works', async () => {
    const created = await createServer('subject');
    expect(created.status).toBe(202);
    const id = created.body.server.id;
    let server = await settled(id);
    expect(server.status).toBe('running');
    const vmid = server.vmid;
    const lxc = '/nodes/[^/]+/lxc/\\d+';
    const actions: {
      type: string;
      match: string;
      task: string;
      request: () => Promise<HttpResult>;
      after: (server: ServerView) => Promise<void>;
    }[] = [
      {
        type: 'stop',
        match: `^POST ${lxc}/status/shutdown$`,
        task: 'vzshutdown',
        request: () => call('POST', `/api/server/${id}/stop`),
        after: async (s) => expect(s.status).toBe('stopped'),
      },
      {
        type: 'start',
        match: `^POST ${lxc}/status/start$`,
        task: 'vzstart',
        request: () => call('POST', `/api/server/${id}/start`),
        after: async (s) => expect(s.status).toBe('running'),
      },
      {
        type: 'restart',
        match: `^POST ${lxc}/status/reboot$`,
        task: 'vzreboot',
        request: () => call('POST', `/api/server/${id}/restart`),
        after: async (s) => expect(s.status).toBe('running'),
      },
      {
        type: 'resize',
        match: `^PUT ${lxc}/(config|resize)$`,
        task: 'resize',
        request: () => call('PUT', `/api/server/${id}/resize`, { memoryMb: 1536, diskGb: 12 }),
        after: async (s) => {
          expect([s.memoryMb, s.diskGb]).toEqual([1536, 12]);
          expect((await containerOf(vmid)).config['memory']).toBe(1536);
        },
      },
      {
        type: 'snapshot-create',
        match: `^POST ${lxc}/snapshot$`,
        task: 'vzsnapshot',
        request: () => call('POST', `/api/server/${id}/snapshots`, { name: 'before' }),
        after: async () =>
          expect((await containerOf(vmid)).snapshots?.map((s) => s.name)).toContain('before'),
      },
      {
        type: 'snapshot-rollback',
        match: `^POST ${lxc}/snapshot/[^/]+/rollback$`,
        task: 'vzrollback',
        request: () => call('POST', `/api/server/${id}/snapshots/rollback`, { name: 'before' }),
        after: async (s) => expect(s.status).toBe('running'),
      },
      {
        type: 'snapshot-delete',
        match: `^DELETE ${lxc}/snapshot/[^/]+$`,
        task: 'vzdelsnapshot',
        request: () => call('DELETE', `/api/server/${id}/snapshots?name=before`),
        after: async () =>
          expect((await containerOf(vmid)).snapshots?.map((s) => s.name) ?? []).not.toContain(
            'before',
          ),
      },
      {
        type: 'delete',
        match: `^DELETE ${lxc}$`,
        task: 'vzdestroy',
        request: () => call('DELETE', `/api/server/${id}`),
        after: async () => {
          const state = await sim.state<SimState>();
          expect(state.containers.some((c) => c.vmid === vmid)).toBe(false);
        },
      },
    ];
    for (const action of actions) {
      const before = await view(id);
      const balanceBefore = await balance();
      for (const kind of FAULT_KINDS) {
        await injectFault(kind, action.match, action.task);
        const lastBefore = (await view(id)).lastOperation?.id;
        const accepted = await action.request();
        if (accepted.status === 503) {
          // Checked before the operation starts (snapshots listed, node room): refused at once.
          expect([action.type, kind, accepted.body]).toEqual([
            action.type,
            kind,
            {
              statusCode: 503,
              error: 'Service Unavailable',
              message: expect.stringMatching(EXPECTED[kind]),
            },
          ]);
          await sim.clearFaults();
          expect((await settledAfterNodeDown(id)).lastOperation?.id).toBe(lastBefore);
          continue;
        }
        expect([action.type, kind, accepted.status]).toEqual([action.type, kind, 202]);
        server = await settled(id);
        expect([
          action.type,
          kind,
          server.lastOperation?.type,
          server.lastOperation?.state,
        ]).toEqual([action.type, kind, action.type, 'failed']);
        expect([action.type, kind, server.lastOperation?.error]).toEqual([
          action.type,
          kind,
          expect.stringMatching(EXPECTED[kind]),
        ]);
        await sim.clearFaults();
        if (kind === 'node-down') server = await settledAfterNodeDown(id);
        // What the panel shows is what Proxmox has: the failure changed nothing it paid for.
        const container = await containerOf(vmid);
        expect([action.type, kind, server.status, server.memoryMb, server.diskGb]).toEqual([
          action.type,
          kind,
          container.status === 'running' ? 'running' : 'stopped',
          Number(container.config['memory']),
          diskSizeGb(container),
        ]);
        expect([server.memoryMb, server.diskGb]).toEqual([before.memoryMb, before.diskGb]);
        expect(server.priceMonthlyMinor).toBe(before.priceMonthlyMinor);
      }
      expect(await balance()).toBe(balanceBefore);
      if (action.type === 'resize') {
        // The disk grows, then the memory change fails: the grown disk (it cannot shrink back)
        // is recorded and priced, the memory is unchanged on both sides.
        await sim.setFaults({ errorRate: 1, match: `^PUT ${lxc}/config$` });
        expect((await action.request()).status).toBe(202);
        server = await settled(id);
        expect(server.lastOperation).toMatchObject({ type: 'resize', state: 'failed' });
        await sim.clearFaults();
        const container = await containerOf(vmid);
        expect([server.memoryMb, server.diskGb]).toEqual([1024, 12]);
        expect([Number(container.config['memory']), diskSizeGb(container)]).toEqual([1024, 12]);
        // Two GB above the tariff at 10 a GB.
        expect(server.priceMonthlyMinor).toBe(before.priceMonthlyMinor + 20);
      }
      // Proxmox is fine again: the same action now works.
      const accepted = await action.request();
      expect([action.type, accepted.status, accepted.body]).toEqual([
        action.type,
        202,
        expect.anything(),
      ]);
      if (action.type === 'delete') {
        await eventually(
          async () => (await call('GET', `/api/server/${id}`)).status,
          (status) => status === 404,
          15_000,
        );
      } else {
        server = await settled(id);
        expect([action.type, server.lastOperation?.state]).toEqual([action.type, 'succeeded']);
        await action.after(server);
      }
      if (action.type === 'delete') await action.after(server);
    }
  }, 120_000);

  it('a password reset answers 503 with a clear message when SSH is refused or hangs', async () => {
    const created = await createServer('password');
    const id = created.body.server.id;
    expect((await settled(id)).status).toBe('running');

    await sshProxy.refuse();
    const refused = await call('POST', `/api/server/${id}/password`);
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringMatching(UNREACHABLE),
    });
    expect((await view(id)).lastOperation).toMatchObject({ type: 'password', state: 'failed' });

    await sshProxy.blackhole();
    const started = Date.now();
    const hung = await call('POST', `/api/server/${id}/password`);
    expect(hung.status).toBe(503);
    expect(hung.body).toMatchObject({ message: expect.stringMatching(UNREACHABLE) });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect((await view(id)).activeOperation).toBeNull();

    await sshProxy.restore();
    const reset = await call<{ password: string }>('POST', `/api/server/${id}/password`);
    expect(reset.status).toBe(200);
    const vmid = (await view(id)).vmid as number;
    expect(await sim.verifyPassword(vmid, reset.body.password)).toBe(true);
  }, 60_000);

  it('sweeps fail while Proxmox answers 500 or hangs, the panel answers, and recover after', async () => {
    await sim.setFaults({ errorRate: 1, match: '^GET /cluster/resources' });
    const failed = await eventually(
      async () => (await http<HealthResponse>(api.baseUrl, 'GET', '/api/health')).body,
      (health) => Boolean(health.lastSweep?.error),
      10_000,
    );
    expect(failed.lastSweep?.error).toBeTruthy();
    expect((await call('GET', '/api/server')).status).toBe(200);

    await sim.setFaults({ errorRate: 0, hang: true, match: '^GET /cluster/resources' });
    const list = await call('GET', '/api/server');
    expect(list.status).toBe(200);
    await sleep(1500);
    await sim.clearFaults();
    await eventually(
      async () => (await http<HealthResponse>(api.baseUrl, 'GET', '/api/health')).body,
      (health) => health.lastSweep !== null && health.lastSweep.error === null,
      15_000,
    );
  }, 60_000);

  it('an outage (connections refused) during a create: health degraded, the create finishes after', async () => {
    const before = await balance();
    // A slow create, so Proxmox goes away while its task runs.
    await sim.setFaults({ taskLatencyMs: 2500 });
    const created = await createServer('through-outage');
    expect(created.status).toBe(202);
    await eventually(
      async () => (await sim.state<SimState>()).containers,
      (containers) => containers.some((c) => c.hostname === 'through-outage'),
      10_000,
    );
    await sim.refuseConnections(4000);
    const degraded = await eventually(
      async () => (await http<HealthResponse>(api.baseUrl, 'GET', '/api/health')).body,
      (health) => health.status === 'degraded',
      10_000,
    );
    expect(degraded.checks.proxmox.status).toBe('down');
    // The panel answers: lists from the database, live calls with a clear 503.
    expect((await call('GET', '/api/server')).status).toBe(200);
    const live = await call('GET', `/api/server/${created.body.server.id}/status`);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ isStale: true });

    const server = await settled(created.body.server.id, 45_000);
    expect(server).toMatchObject({ status: 'running', hostname: 'through-outage' });
    expect(server.lastOperation).toMatchObject({ type: 'create', state: 'succeeded' });
    expect(await balance()).toBe(before - DAILY);
    await eventually(
      async () => (await http<HealthResponse>(api.baseUrl, 'GET', '/api/health')).body,
      (health) => health.status === 'ok',
      30_000,
    );
  }, 90_000);

  it('leaves no orphan container, no unfinished operation, no money lost or doubled', async () => {
    const probe = db as DatabaseProbe;
    expect(await unfinishedOperations(probe)).toEqual([]);
    expect(await moneyViolations(probe)).toEqual([]);
    const state = await sim.state<SimState>();
    expect(await containerViolations(probe, state.containers)).toEqual([]);
    expect(await sim.violations()).toEqual([]);
    const unclear = answers.filter(
      (answer) =>
        answer.status >= 500 &&
        !(
          typeof answer.body === 'object' &&
          answer.body !== null &&
          'message' in answer.body &&
          typeof answer.body.message === 'string' &&
          answer.body.message !== 'Internal server error'
        ),
    );
    expect(unclear).toEqual([]);
    expect(api.output()).not.toMatch(/UnhandledPromiseRejection|FATAL/);
  });
});
