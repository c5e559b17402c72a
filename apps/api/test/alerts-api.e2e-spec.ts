import type {
  ActiveAlert,
  CheckPage,
  CreateServerResponse,
  LoginResponse,
  ServerView,
} from '@hostdeck/contracts';

import { MonitoringService } from '../src/modules/monitoring/monitoring.service';
import { PROXMOX_CONNECTION } from '../src/modules/proxmox/proxmox.module';
import type { ProxmoxConnection } from '../src/modules/proxmox/proxmox-connection';
import { SimControl } from '../src/testing/sim-control';
import { databaseKinds, http, newCustomer, startTestApp, TestApp } from '../src/testing/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The reads the web app needs when a screen opens: the alerts firing now on a server
 * (GET /api/server/:id/alerts), the staff server list by node, and the customer's email in the
 * checks review list.
 */
describe.each(databaseKinds())('active alerts, node filter and review emails on %s', (kind) => {
  let t: TestApp;
  let sim: SimControl;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp(kind, {
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      MONITORING_INTERVAL_SECONDS: '3600',
      PVE_SIM_NODES: 'pve1,pve2',
    });
    sim = new SimControl(t.app.get<ProxmoxConnection>(PROXMOX_CONNECTION, { strict: false }));
    adminToken = (
      await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', { body: t.admin })
    ).body.accessToken;
  });

  afterAll(async () => {
    await t?.close();
  });

  const sweep = () => t.app.get(MonitoringService).sweepNow();

  async function support(): Promise<string> {
    const member = await newCustomer(t, 0, 'support');
    const promoted = await http(t.baseUrl, 'PATCH', `/api/admin/users/${member.id}/role`, {
      token: adminToken,
      body: { role: 'support' },
    });
    expect(promoted.status).toBe(200);
    const login = await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', {
      body: { email: member.email, password: 'a-good-password' },
    });
    return login.body.accessToken;
  }

  async function runningServer(token: string): Promise<ServerView> {
    const created = await http<CreateServerResponse>(t.baseUrl, 'POST', '/api/server/create', {
      token,
      body: { tariffId: 1, osId: 1 },
    });
    expect(created.status).toBe(202);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const server = (
        await http<ServerView>(t.baseUrl, 'GET', `/api/server/${created.body.server.id}`, { token })
      ).body;
      if (server.status === 'running' && !server.activeOperation) return server;
      if (Date.now() > deadline) throw new Error('server did not start');
      await sleep(50);
    }
  }

  const alertsOf = (id: number, token?: string) =>
    http<ActiveAlert[]>(t.baseUrl, 'GET', `/api/server/${id}/alerts`, { token });

  it('lists the alerts firing now to the owner and staff, and 404 to another customer', async () => {
    const owner = await newCustomer(t, 10_000, 'alerts');
    const stranger = await newCustomer(t, 0, 'stranger');
    const supportToken = await support();
    const server = await runningServer(owner.token);

    await sim.pinLoad(server.vmid as number, { cpu: 0.2, mem: 0.3 });
    await sweep();
    const quiet = await alertsOf(server.id, owner.token);
    expect(quiet.status).toBe(200);
    expect(quiet.body).toEqual([]);

    await sim.pinLoad(server.vmid as number, { cpu: 0.96, mem: 0.95 });
    await sweep();
    const firing = await alertsOf(server.id, owner.token);
    expect(firing.status).toBe(200);
    expect(firing.body.map((alert) => alert.resource)).toEqual(['cpu', 'memory']);
    const [cpu, memory] = firing.body;
    expect(cpu).toMatchObject({ serverId: server.id, threshold: 90, state: 'firing' });
    expect(cpu.value).toBeGreaterThan(90);
    expect(memory.value).toBeGreaterThan(90);
    expect(Number.isNaN(Date.parse(cpu.at))).toBe(false);
    expect(cpu.since).toBe(cpu.at);

    // Still firing a sweep later: the value moves on, "since" stays when it began.
    await sim.pinLoad(server.vmid as number, { cpu: 0.99, mem: 0.95 });
    await sweep();
    const later = (await alertsOf(server.id, owner.token)).body;
    expect(later.map((alert) => alert.since)).toEqual([cpu.since, memory.since]);
    expect(later[0].value).toBeGreaterThan(cpu.value);

    // Staff see the same list; another customer cannot tell the server exists.
    expect((await alertsOf(server.id, supportToken)).body).toEqual(later);
    expect((await alertsOf(server.id, adminToken)).body).toEqual(later);
    const foreign = await alertsOf(server.id, stranger.token);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect((await alertsOf(server.id)).status).toBe(401);
    expect((await alertsOf(999_999, owner.token)).status).toBe(404);
    expect(
      (await http(t.baseUrl, 'GET', '/api/server/abc/alerts', { token: owner.token })).status,
    ).toBe(400);

    // CPU recovers (below the threshold minus the hysteresis); memory keeps firing.
    await sim.pinLoad(server.vmid as number, { cpu: 0.1, mem: 0.95 });
    await sweep();
    const after = await alertsOf(server.id, owner.token);
    expect(after.body.map((alert) => alert.resource)).toEqual(['memory']);
  });

  it('filters the staff server list by node, and ignores the filter for customers', async () => {
    const owner = await newCustomer(t, 20_000, 'nodes');
    const first = await runningServer(owner.token);
    const second = await runningServer(owner.token);
    const supportToken = await support();
    const all = (
      await http<ServerView[]>(t.baseUrl, 'GET', `/api/server?ownerId=${owner.id}`, {
        token: supportToken,
      })
    ).body;
    expect(all.map((server) => server.id)).toEqual([first.id, second.id]);

    for (const node of ['pve1', 'pve2']) {
      const listed = await http<ServerView[]>(t.baseUrl, 'GET', `/api/server?node=${node}`, {
        token: supportToken,
      });
      expect(listed.status).toBe(200);
      expect(listed.body.every((server) => server.node === node)).toBe(true);
      const expected = all.filter((server) => server.node === node).map((server) => server.id);
      expect(
        listed.body.map((server) => server.id).filter((id) => [first.id, second.id].includes(id)),
      ).toEqual(expected);
    }
    const none = await http<ServerView[]>(t.baseUrl, 'GET', '/api/server?node=pve9', {
      token: adminToken,
    });
    expect(none.body).toEqual([]);

    // A customer's list is always their own servers; node narrows nothing for them.
    const mine = await http<ServerView[]>(t.baseUrl, 'GET', '/api/server?node=pve9', {
      token: owner.token,
    });
    expect(mine.body.map((server) => server.id)).toEqual([first.id, second.id]);
    const tooLong = await http(t.baseUrl, 'GET', `/api/server?node=${'x'.repeat(65)}`, {
      token: adminToken,
    });
    expect(tooLong.status).toBe(400);
  });

  it("shows staff the customer's email on each check in the review list", async () => {
    const payer = await newCustomer(t, 0, 'payer');
    const form = new FormData();
    form.set('amountMinor', '2500');
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    form.set('receipt', new Blob([png], { type: 'image/png' }), 'receipt.png');
    const submitted = await fetch(`${t.baseUrl}/api/billing/checks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${payer.token}` },
      body: form,
    });
    expect(submitted.status).toBe(201);
    const { id } = (await submitted.json()) as { id: number };

    const queue = await http<CheckPage>(t.baseUrl, 'GET', '/api/admin/checks?status=pending', {
      token: await support(),
    });
    expect(queue.status).toBe(200);
    expect(queue.body.items.find((check) => check.id === id)).toMatchObject({
      userId: payer.id,
      userEmail: payer.email,
      amountMinor: 2500,
    });
    const everything = await http<CheckPage>(t.baseUrl, 'GET', '/api/admin/checks?pageSize=1', {
      token: adminToken,
    });
    expect(everything.body).toMatchObject({ total: 1, page: 1, pageSize: 1 });
    expect(everything.body.items[0]).toMatchObject({ id, userEmail: payer.email });
  });
});
