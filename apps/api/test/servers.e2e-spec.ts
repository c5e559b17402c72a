import type {
  CreateServerResponse,
  LoginResponse,
  OperationAccepted,
  ServerView,
  SnapshotView,
} from '@hostdeck/contracts';
import { DataSource } from 'typeorm';
import { WebSocket } from 'ws';

import { UnitOfWork } from '../src/database/unit-of-work';
import { LedgerService } from '../src/modules/billing/ledger.service';
import { PROXMOX_CONNECTION } from '../src/modules/proxmox/proxmox.module';
import type { ProxmoxConnection } from '../src/modules/proxmox/proxmox-connection';
import { Operation } from '../src/modules/servers/entities/operation.entity';
import { Server } from '../src/modules/servers/entities/server.entity';
import { ServerReconcilerService } from '../src/modules/servers/server-reconciler.service';
import { readFirstFramebuffer } from '../src/testing/rfb-client';
import { SimControl } from '../src/testing/sim-control';
import { databaseKinds, http, startTestApp, TestApp } from '../src/testing/test-app';

interface SimContainer {
  vmid: number;
  node: string;
  status: string;
  hostname?: string;
  config: Record<string, string | number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(databaseKinds())('servers over HTTP against the simulator on %s', (kind) => {
  let t: TestApp;
  let sim: SimControl;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp(kind, {
      PVE_SIM_TASK_SCALE: '0.01',
      PVE_SIM_AUTH_DELAY_MS: '0',
      PVE_SIM_STRICT: 'true',
      PVE_SIM_SEED: '7',
      SERVER_SHUTDOWN_TIMEOUT_SECONDS: '5',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    });
    sim = new SimControl(t.app.get<ProxmoxConnection>(PROXMOX_CONNECTION, { strict: false }));
  });

  afterEach(async () => {
    await sim.clearFaults();
  });

  afterAll(async () => {
    const violations = sim ? await sim.violations() : [];
    await t?.close();
    expect(violations).toEqual([]);
  });

  async function customer(balanceMinor = 10_000): Promise<{ token: string; id: number }> {
    const email = `customer${++seq}-${kind}@example.com`;
    await http(t.baseUrl, 'POST', '/api/auth/register', {
      body: { email, password: 'a-good-password' },
    });
    const login = await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', {
      body: { email, password: 'a-good-password' },
    });
    if (balanceMinor > 0) {
      await t.app.get(UnitOfWork).run((manager) =>
        t.app.get(LedgerService).apply(manager, {
          userId: login.body.user.id,
          type: 'adjustment',
          amountMinor: balanceMinor,
          reference: `test-topup:${login.body.user.id}`,
          description: 'test top-up',
        }),
      );
    }
    return { token: login.body.accessToken, id: login.body.user.id };
  }

  async function staff(role: 'support' | 'admin'): Promise<string> {
    const member = await customer(0);
    const admin = await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', {
      body: t.admin,
    });
    if (role === 'admin') return admin.body.accessToken;
    await http(t.baseUrl, 'PATCH', `/api/admin/users/${member.id}/role`, {
      token: admin.body.accessToken,
      body: { role },
    });
    const email = `customer${seq}-${kind}@example.com`;
    return (
      await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', {
        body: { email, password: 'a-good-password' },
      })
    ).body.accessToken;
  }

  /** Waits until the server has no running operation, then returns it. */
  async function settled(token: string, id: number, timeoutMs = 20_000): Promise<ServerView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await http<ServerView>(t.baseUrl, 'GET', `/api/server/${id}`, { token });
      if (response.status === 404) throw new Error(`server ${id} is gone`);
      if (!response.body.activeOperation && response.body.status !== 'creating')
        return response.body;
      if (Date.now() > deadline)
        throw new Error(
          `server ${id} still busy: ${JSON.stringify(response.body.activeOperation)}`,
        );
      await sleep(50);
    }
  }

  async function simContainer(vmid: number): Promise<SimContainer | undefined> {
    const state = await sim.state<{ containers: SimContainer[] }>();
    return state.containers.find((container) => container.vmid === vmid);
  }

  async function balanceOf(token: string): Promise<number> {
    return (
      await http<{ user: { balanceMinor: number } }>(t.baseUrl, 'GET', '/api/auth/me', { token })
    ).body.user.balanceMinor;
  }

  async function createServer(
    token: string,
    body: Record<string, unknown> = { tariffId: 1, osId: 1 },
  ) {
    return http<CreateServerResponse>(t.baseUrl, 'POST', '/api/server/create', { token, body });
  }

  it('takes a server through its whole life, as the simulator sees it', async () => {
    const owner = await customer();
    const created = await createServer(owner.token, { tariffId: 1, osId: 1, hostname: 'web1' });
    expect(created.status).toBe(202);
    expect(created.body.server.status).toBe('creating');
    expect(created.body.rootPassword).toMatch(/^.{20}$/);
    expect(await balanceOf(owner.token)).toBe(10_000 - 17);

    const id = created.body.server.id;
    const ready = await settled(owner.token, id);
    expect(ready).toMatchObject({
      status: 'running',
      hostname: 'web1',
      cores: 1,
      memoryMb: 1024,
      diskGb: 10,
    });
    expect(ready.ipAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const vmid = ready.vmid as number;
    expect(await simContainer(vmid)).toMatchObject({ status: 'running', hostname: 'web1' });
    expect(await sim.verifyPassword(vmid, created.body.rootPassword)).toBe(true);
    const stored = await t.app.get(DataSource).getRepository(Server).findOneByOrFail({ id });
    expect(JSON.stringify(stored)).not.toContain(created.body.rootPassword);

    const stop = await http<OperationAccepted>(t.baseUrl, 'POST', `/api/server/${id}/stop`, {
      token: owner.token,
    });
    expect(stop.status).toBe(202);
    expect(stop.body.server.activeOperation).toMatchObject({
      type: 'stop',
      id: stop.body.operation.id,
    });
    const stopped = await settled(owner.token, id);
    expect(stopped.status).toBe('stopped');
    expect(stopped.lastOperation).toMatchObject({ id: stop.body.operation.id, state: 'succeeded' });
    expect((await simContainer(vmid))?.status).toBe('stopped');
    expect(
      (await http(t.baseUrl, 'POST', `/api/server/${id}/stop`, { token: owner.token })).status,
    ).toBe(409);

    expect(
      (await http(t.baseUrl, 'POST', `/api/server/${id}/start`, { token: owner.token })).status,
    ).toBe(202);
    expect((await settled(owner.token, id)).status).toBe('running');
    expect(
      (await http(t.baseUrl, 'POST', `/api/server/${id}/restart`, { token: owner.token })).status,
    ).toBe(202);
    expect((await settled(owner.token, id)).status).toBe('running');

    const snap = await http(t.baseUrl, 'POST', `/api/server/${id}/snapshots`, {
      token: owner.token,
      body: { name: 'before-upgrade', description: 'clean' },
    });
    expect(snap.status).toBe(202);
    await settled(owner.token, id);
    const snapshots = await http<SnapshotView[]>(t.baseUrl, 'GET', `/api/server/${id}/snapshots`, {
      token: owner.token,
    });
    expect(snapshots.body).toEqual([
      expect.objectContaining({
        name: 'before-upgrade',
        description: 'clean',
        createdAt: expect.any(String),
      }),
    ]);
    expect(
      (
        await http(t.baseUrl, 'POST', `/api/server/${id}/snapshots/rollback`, {
          token: owner.token,
          body: { name: 'before-upgrade' },
        })
      ).status,
    ).toBe(202);
    expect((await settled(owner.token, id)).status).toBe('running');
    expect(
      (
        await http(t.baseUrl, 'DELETE', `/api/server/${id}/snapshots?name=before-upgrade`, {
          token: owner.token,
        })
      ).status,
    ).toBe(202);
    await settled(owner.token, id);
    expect(
      (
        await http<SnapshotView[]>(t.baseUrl, 'GET', `/api/server/${id}/snapshots`, {
          token: owner.token,
        })
      ).body,
    ).toEqual([]);

    const resize = await http<{ priceMonthlyMinor: number }>(
      t.baseUrl,
      'PUT',
      `/api/server/${id}/resize`,
      {
        token: owner.token,
        body: { cores: 2, memoryMb: 2048, diskGb: 20 },
      },
    );
    expect(resize.status).toBe(202);
    expect(resize.body.priceMonthlyMinor).toBe(500 + 300 + 200 + 100);
    const resized = await settled(owner.token, id);
    expect(resized).toMatchObject({
      cores: 2,
      memoryMb: 2048,
      diskGb: 20,
      priceMonthlyMinor: 1100,
    });
    const resizedConfig = (await simContainer(vmid))?.config ?? {};
    expect([Number(resizedConfig['cores']), Number(resizedConfig['memory'])]).toEqual([2, 2048]);
    expect(String(resizedConfig['rootfs'])).toMatch(/size=20G/);
    const shrink = await http<{ message: string[] }>(t.baseUrl, 'PUT', `/api/server/${id}/resize`, {
      token: owner.token,
      body: { diskGb: 10 },
    });
    expect(shrink.status).toBe(400);
    expect(shrink.body.message.join(' ')).toMatch(/only grow/);

    const password = await http<{ password: string }>(
      t.baseUrl,
      'POST',
      `/api/server/${id}/password`,
      { token: owner.token },
    );
    expect(password.status).toBe(200);
    expect(password.body.password).not.toBe(created.body.rootPassword);
    expect(await sim.verifyPassword(vmid, password.body.password)).toBe(true);

    const live = await http<{ isStale: boolean; metrics: { memTotalBytes: number } }>(
      t.baseUrl,
      'GET',
      `/api/server/${id}/status`,
      { token: owner.token },
    );
    expect(live.body.isStale).toBe(false);
    expect(live.body.metrics.memTotalBytes).toBe(2048 * 1024 ** 2);

    const consoleSession = await http<{ url: string }>(t.baseUrl, 'POST', '/api/server/console', {
      token: owner.token,
      body: { serverId: id },
    });
    expect(consoleSession.status).toBe(200);
    const wsUrl = `${t.baseUrl.replace('http', 'ws')}${consoleSession.body.url}`;
    // Listening starts before the socket opens: the VNC server speaks first.
    const socket = new WebSocket(wsUrl, ['binary']);
    const frame = await readFirstFramebuffer(socket);
    socket.close();
    expect(frame.firstMessageType).toBe(0);
    // Single use: the same URL is refused the second time.
    const again = new WebSocket(wsUrl, ['binary']);
    const refused = await new Promise<number>((resolve) =>
      again.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(refused).toBe(401);

    expect(
      (await http(t.baseUrl, 'DELETE', `/api/server/${id}`, { token: owner.token })).status,
    ).toBe(202);
    const deadline = Date.now() + 20_000;
    while (
      (await http(t.baseUrl, 'GET', `/api/server/${id}`, { token: owner.token })).status !== 404
    ) {
      if (Date.now() > deadline) throw new Error('server was not deleted');
      await sleep(50);
    }
    expect(await simContainer(vmid)).toBeUndefined();
  });

  it('answers 404 to other customers, 401 without a token, and lets staff do what their role allows', async () => {
    const owner = await customer();
    const stranger = await customer();
    const support = await staff('support');
    const created = await createServer(owner.token);
    const id = created.body.server.id;
    await settled(owner.token, id);

    const routes: [string, string, unknown?][] = [
      ['GET', `/api/server/${id}`],
      ['GET', `/api/server/${id}/status`],
      ['POST', `/api/server/${id}/start`],
      ['POST', `/api/server/${id}/stop`],
      ['POST', `/api/server/${id}/restart`],
      ['DELETE', `/api/server/${id}`],
      ['POST', `/api/server/${id}/password`],
      ['PUT', `/api/server/${id}/resize`, { cores: 2 }],
      ['POST', `/api/server/${id}/snapshots`, { name: 'x1' }],
      ['GET', `/api/server/${id}/snapshots`],
      ['POST', `/api/server/${id}/snapshots/rollback`, { name: 'x1' }],
      ['DELETE', `/api/server/${id}/snapshots`, { name: 'x1' }],
      ['POST', '/api/server/console', { serverId: id }],
      ['POST', `/api/server/${id}/suspend`],
      ['POST', `/api/server/${id}/unsuspend`],
    ];
    for (const [method, path, body] of routes) {
      const foreign = await http(t.baseUrl, method, path, { token: stranger.token, body });
      expect({ method, path, status: foreign.status }).toEqual({
        method,
        path,
        status: path.includes('suspend') ? 403 : 404,
      });
      const anonymous = await http(t.baseUrl, method, path, { body });
      expect({ method, path, status: anonymous.status }).toEqual({ method, path, status: 401 });
    }
    const list = await http<ServerView[]>(t.baseUrl, 'GET', '/api/server', {
      token: stranger.token,
    });
    expect(list.body.map((server) => server.id)).not.toContain(id);

    // Support: sees every server, may power-cycle and open the console, may not manage.
    expect(
      (await http<ServerView[]>(t.baseUrl, 'GET', '/api/server', { token: support })).body.map(
        (server) => server.id,
      ),
    ).toContain(id);
    expect(
      (
        await http(t.baseUrl, 'PUT', `/api/server/${id}/resize`, {
          token: support,
          body: { cores: 2 },
        })
      ).status,
    ).toBe(403);
    expect(
      (await http(t.baseUrl, 'POST', `/api/server/${id}/password`, { token: support })).status,
    ).toBe(403);
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/server/console', {
          token: support,
          body: { serverId: id },
        })
      ).status,
    ).toBe(200);
    expect(
      (await http(t.baseUrl, 'POST', `/api/server/${id}/restart`, { token: support })).status,
    ).toBe(202);
    await settled(owner.token, id);

    // Admin: may suspend and lift it.
    const admin = await staff('admin');
    expect(
      (await http(t.baseUrl, 'POST', `/api/server/${id}/suspend`, { token: admin })).status,
    ).toBe(202);
    expect((await settled(owner.token, id)).status).toBe('suspended');
    expect(
      (await http(t.baseUrl, 'POST', `/api/server/${id}/start`, { token: owner.token })).status,
    ).toBe(409);
    expect(
      (await http(t.baseUrl, 'POST', `/api/server/${id}/unsuspend`, { token: admin })).status,
    ).toBe(202);
    expect((await settled(owner.token, id)).status).toBe('running');
  });

  it('rejects bad input with a 4xx and changes nothing', async () => {
    const owner = await customer();
    const before = (await sim.state<{ containers: SimContainer[] }>()).containers.length;
    const bad: Record<string, unknown>[] = [
      { tariffId: 1, osId: 1, extra: true },
      { tariffId: '1', osId: 1 },
      { tariffId: 1, osId: 1, hostname: 'under_score' },
      { tariffId: 1, osId: 1, hostname: '-leading' },
      { tariffId: 1, osId: 1, hostname: 'x'.repeat(64) },
      { tariffId: -1, osId: 1 },
      { tariffId: 1e12, osId: 1 },
      { tariffId: 999, osId: 1 },
      { tariffId: 1, osId: 999 },
      { tariffId: 1, osId: 1, sshPublicKeys: ['not a key'] },
      { osId: 1 },
    ];
    for (const body of bad) {
      const response = await createServer(owner.token, body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    expect(
      (await http<ServerView[]>(t.baseUrl, 'GET', '/api/server', { token: owner.token })).body,
    ).toEqual([]);
    expect(await balanceOf(owner.token)).toBe(10_000);

    const created = await createServer(owner.token);
    const id = created.body.server.id;
    const { vmid } = await settled(owner.token, id);
    const badActions: [string, string, unknown, number][] = [
      ['POST', `/api/server/${id}/snapshots`, { name: '1bad' }, 400],
      ['POST', `/api/server/${id}/snapshots`, { name: 'current' }, 400],
      ['POST', `/api/server/${id}/snapshots`, { name: 'a'.repeat(41) }, 400],
      ['POST', `/api/server/${id}/snapshots`, { name: 'ok-name', color: 'red' }, 400],
      ['POST', `/api/server/${id}/snapshots/rollback`, { name: 'missing' }, 404],
      ['PUT', `/api/server/${id}/resize`, { diskGb: 5 }, 400],
      ['PUT', `/api/server/${id}/resize`, { cores: 0 }, 400],
      ['PUT', `/api/server/${id}/resize`, { memoryMb: 128 }, 400],
      ['PUT', `/api/server/${id}/resize`, { cores: 2.5 }, 400],
      ['PUT', `/api/server/${id}/resize`, {}, 400],
      ['POST', `/api/server/${id}/stop?force=maybe`, undefined, 400],
      ['GET', '/api/server/abc', undefined, 400],
      ['POST', '/api/server/console', { serverId: 'x' }, 400],
    ];
    for (const [method, path, body, status] of badActions) {
      const response = await http(t.baseUrl, method, path, { token: owner.token, body });
      expect({ method, path, body, status: response.status }).toEqual({
        method,
        path,
        body,
        status,
      });
    }
    const config = (await simContainer(vmid as number))?.config ?? {};
    expect([Number(config['cores']), Number(config['memory'])]).toEqual([1, 1024]);
    expect(
      (
        await http<SnapshotView[]>(t.baseUrl, 'GET', `/api/server/${id}/snapshots`, {
          token: owner.token,
        })
      ).body,
    ).toEqual([]);
    expect((await sim.state<{ containers: SimContainer[] }>()).containers.length).toBe(before + 1);
  });

  it('runs one operation per server: a second power action at the same time is a 409', async () => {
    const owner = await customer();
    const id = (await createServer(owner.token)).body.server.id;
    await settled(owner.token, id);
    await sim.setFaults({ taskLatencyMs: 500 });
    const results = await Promise.all([
      http<OperationAccepted>(t.baseUrl, 'POST', `/api/server/${id}/restart`, {
        token: owner.token,
      }),
      http(t.baseUrl, 'POST', `/api/server/${id}/restart`, { token: owner.token }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([202, 409]);
    await settled(owner.token, id);
  });

  it('creates exactly as many servers as the balance pays for when 20 creates race', async () => {
    const owner = await customer(17 * 3);
    const results = await Promise.all(Array.from({ length: 20 }, () => createServer(owner.token)));
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(3);
    expect(statuses.filter((status) => status === 402)).toHaveLength(17);
    expect(await balanceOf(owner.token)).toBe(0);
    const charges = await t.app
      .get(DataSource)
      .query(`SELECT COUNT(*) AS n FROM transactions WHERE userId = ? AND type = 'charge'`, [
        owner.id,
      ]);
    expect(Number(charges[0].n)).toBe(3);
    for (const result of results.filter((item) => item.status === 202))
      await settled(owner.token, result.body.server.id);
  });

  it('refunds the first charge and leaves no container when Proxmox fails during a create', async () => {
    const owner = await customer();
    await sim.setFaults({
      failTasks: [{ type: 'vzcreate', message: 'unable to create CT - storage full' }],
    });
    const created = await createServer(owner.token);
    expect(created.status).toBe(202);
    const failed = await settled(owner.token, created.body.server.id);
    expect(failed.status).toBe('error');
    expect(await balanceOf(owner.token)).toBe(10_000);
    const operation = await t.app
      .get(DataSource)
      .getRepository(Operation)
      .findOneByOrFail({ id: created.body.operation.id });
    expect(operation.state).toBe('failed');
    expect(operation.error).toMatch(/storage full/);
    if (failed.vmid) expect(await simContainer(failed.vmid)).toBeUndefined();
  });

  it('refunds and fails a create when Proxmox is unreachable', async () => {
    const owner = await customer();
    await sim.setFaults({ errorRate: 1, errorStatus: 503, match: 'lxc|nextid|cluster' });
    const created = await createServer(owner.token);
    expect(created.status).toBe(202);
    const failed = await settled(owner.token, created.body.server.id, 30_000);
    expect(failed.status).toBe('error');
    expect(await balanceOf(owner.token)).toBe(10_000);
  });

  it('reconciles a create that a crash left unfinished', async () => {
    const owner = await customer();
    const created = await createServer(owner.token);
    const id = created.body.server.id;
    const done = await settled(owner.token, id);
    // Make it look like the process died after Proxmox made the container but before recording it.
    const dataSource = t.app.get(DataSource);
    const operations = dataSource.getRepository(Operation);
    const orphaned = await operations.save(
      operations.create({
        serverId: id,
        userId: owner.id,
        type: 'create',
        state: 'running',
        upid: null,
        error: null,
        payload: null,
        finishedAt: null,
      }),
    );
    await dataSource
      .getRepository(Server)
      .update({ id }, { status: 'creating', activeOperationId: orphaned.id });

    // A create that never reached Proxmox: no container behind it.
    const lost = await createServer(owner.token);
    await settled(owner.token, lost.body.server.id);
    const lostServer = await dataSource
      .getRepository(Server)
      .findOneByOrFail({ id: lost.body.server.id });
    await sim.setFaults({});
    await dataSource
      .getRepository(Server)
      .update(
        { id: lostServer.id },
        { status: 'creating', vmid: 999_000, activeOperationId: null },
      );
    const lostOperation = await operations.save(
      operations.create({
        serverId: lostServer.id,
        userId: owner.id,
        type: 'create',
        state: 'pending',
        upid: null,
        error: null,
        payload: null,
        finishedAt: null,
      }),
    );
    await dataSource
      .getRepository(Server)
      .update({ id: lostServer.id }, { activeOperationId: lostOperation.id });
    const balanceBefore = await balanceOf(owner.token);

    // At once for the container Proxmox finished (it shows it, unlocked, whoever followed it);
    // the young one without a container may still have its request in flight: left alone.
    await t.app.get(ServerReconcilerService).reconcile();
    expect(await settled(owner.token, id)).toMatchObject({ status: 'running', vmid: done.vmid });
    expect((await operations.findOneByOrFail({ id: orphaned.id })).state).toBe('succeeded');
    expect((await operations.findOneByOrFail({ id: lostOperation.id })).state).toBe('pending');
    expect(await balanceOf(owner.token)).toBe(balanceBefore);

    // A minute on, nobody can still be asking Proxmox for it: failed and refunded.
    await operations.update(
      { id: lostOperation.id },
      { createdAt: new Date(Date.now() - 120_000) },
    );
    await t.app.get(ServerReconcilerService).reconcile();
    expect((await settled(owner.token, lostServer.id)).status).toBe('error');
    expect((await operations.findOneByOrFail({ id: lostOperation.id })).state).toBe('failed');
    expect(await balanceOf(owner.token)).toBe(balanceBefore + 17);
  });
});
