import type {
  ClientToServerEvents,
  CreateServerResponse,
  NotificationEvent,
  ServerAlertEvent,
  ServerStatsEvent,
  ServerStatusEvent,
  ServerToClientEvents,
  ServerView,
  SocketAck,
} from '@hostdeck/contracts';
import type { Server } from 'socket.io';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';

import { MonitoringService } from '../src/modules/monitoring/monitoring.service';
import { NotificationsService } from '../src/modules/notifications/notifications.service';
import { ProxmoxClient } from '../src/modules/proxmox/proxmox-client';
import { PROXMOX_CONNECTION } from '../src/modules/proxmox/proxmox.module';
import type { ProxmoxConnection } from '../src/modules/proxmox/proxmox-connection';
import { ProxmoxHttpClient } from '../src/modules/proxmox/proxmox-http.client';
import { EventsGateway } from '../src/modules/realtime/events.gateway';
import { directSocketOf, EngineConnection } from '../src/modules/realtime/stats-frames';
import { SimControl } from '../src/testing/sim-control';
import { databaseKinds, http, newCustomer, startTestApp, TestApp } from '../src/testing/test-app';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects every event of each kind a socket receives. */
function record(socket: ClientSocket) {
  const seen = {
    stats: [] as ServerStatsEvent[],
    alerts: [] as ServerAlertEvent[],
    status: [] as ServerStatusEvent[],
    notifications: [] as NotificationEvent[],
  };
  socket.on('server-stats', (event) => seen.stats.push(event));
  socket.on('server-alerts', (event) => seen.alerts.push(event));
  socket.on('server-status', (event) => seen.status.push(event));
  socket.on('notification', (event) => seen.notifications.push(event));
  return seen;
}

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for an event');
    await sleep(20);
  }
}

describe.each(databaseKinds())('real time and monitoring on %s', (kind) => {
  let t: TestApp;
  let sim: SimControl;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp(kind, {
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      MONITORING_INTERVAL_SECONDS: '3600',
      ALERT_COOLDOWN_MINUTES: '60',
      PVE_SIM_NODES: 'pve1,pve2,pve3',
      PVE_SIM_IP_POOL: '10.20.0.0/16',
    });
    sim = new SimControl(t.app.get<ProxmoxConnection>(PROXMOX_CONNECTION, { strict: false }));
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await sim.clearFaults();
  });

  afterAll(async () => {
    await t?.close();
  });

  const customer = () => newCustomer(t, 10_000, 'rt');

  async function connect(
    token?: string,
    transports: ('websocket' | 'polling')[] = ['websocket'],
  ): Promise<ClientSocket> {
    const socket: ClientSocket = io(t.baseUrl, {
      path: '/socket.io',
      transports,
      auth: token ? { token } : {},
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(error));
    });
    return socket;
  }

  async function runningServer(token: string): Promise<ServerView> {
    const created = await http<CreateServerResponse>(t.baseUrl, 'POST', '/api/server/create', {
      token,
      body: { tariffId: 1, osId: 1 },
    });
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

  const subscribe = (socket: ClientSocket, serverId: number) =>
    new Promise<SocketAck>((resolve) => socket.emit('subscribe-server', { serverId }, resolve));

  const sweep = () => t.app.get(MonitoringService).sweepNow();

  it('refuses connections without a token or with a bad one, with a readable error', async () => {
    await expect(connect()).rejects.toThrow(/unauthorized/);
    await expect(connect('not-a-jwt')).rejects.toThrow(/unauthorized/);
    const { token } = await customer();
    const socket = await connect(token);
    expect(socket.connected).toBe(true);
  });

  it('sends server-stats after a sweep to the owner only, and status changes as they happen', async () => {
    const owner = await customer();
    const stranger = await customer();
    const server = await runningServer(owner.token);
    const ownerSocket = await connect(owner.token);
    const strangerSocket = await connect(stranger.token);
    const ownerSeen = record(ownerSocket);
    const strangerSeen = record(strangerSocket);
    expect(await subscribe(ownerSocket, server.id)).toEqual({ ok: true });
    expect(await subscribe(strangerSocket, server.id)).toEqual({
      ok: false,
      error: `Server ${server.id} not found`,
    });

    const report = await sweep();
    expect(report?.error).toBeNull();
    await waitFor(() => ownerSeen.stats.some((stats) => stats.serverId === server.id));
    const stats = ownerSeen.stats.find((event) => event.serverId === server.id) as ServerStatsEvent;
    expect(Object.keys(stats).sort()).toEqual(
      [
        'serverId',
        'cpu',
        'memUsedBytes',
        'memTotalBytes',
        'diskUsedBytes',
        'diskTotalBytes',
        'netInBytes',
        'netOutBytes',
        'uptimeSeconds',
        'at',
      ].sort(),
    );
    expect(stats.memTotalBytes).toBe(1024 * 1024 ** 2);
    expect(stats.cpu).toBeGreaterThanOrEqual(0);
    const stored = (
      await http<ServerView>(t.baseUrl, 'GET', `/api/server/${server.id}`, { token: owner.token })
    ).body;
    expect(stored.metrics.sampledAt).not.toBeNull();

    expect(
      (
        await http(t.baseUrl, 'POST', `/api/server/${server.id}/stop?force=true`, {
          token: owner.token,
        })
      ).status,
    ).toBe(202);
    await waitFor(() =>
      ownerSeen.status.some((event) => event.serverId === server.id && event.status === 'stopped'),
    );
    await sleep(200);
    expect(strangerSeen.stats).toEqual([]);
    expect(strangerSeen.status).toEqual([]);
  });

  it('delivers the same server-stats over a websocket, long polling and an upgraded connection', async () => {
    const owner = await customer();
    const server = await runningServer(owner.token);
    const clients = {
      websocket: await connect(owner.token, ['websocket']),
      polling: await connect(owner.token, ['polling']),
      upgraded: await connect(owner.token, ['polling', 'websocket']),
    };
    await waitFor(() => clients.upgraded.io.engine.transport.name === 'websocket');
    const seen = Object.fromEntries(
      Object.entries(clients).map(([name, socket]) => [name, record(socket)]),
    );
    for (const socket of Object.values(clients))
      expect(await subscribe(socket, server.id)).toEqual({ ok: true });

    // The websocket connections take the direct write; long polling goes through Engine.IO.
    const io = (t.app.get(EventsGateway) as unknown as { server: Server }).server;
    const direct = (client: ClientSocket) =>
      directSocketOf(
        io.sockets.sockets.get(client.id as string)?.conn as unknown as EngineConnection,
      );
    expect(direct(clients.websocket)).toBeDefined();
    expect(direct(clients.upgraded)).toBeDefined();
    expect(direct(clients.polling)).toBeUndefined();

    await sweep();
    await waitFor(() => Object.values(seen).every((events) => events.stats.length > 0));
    const [expected] = seen.websocket.stats;
    expect(expected.serverId).toBe(server.id);
    expect(seen.polling.stats).toEqual([expected]);
    expect(seen.upgraded.stats).toEqual([expected]);
    // The connections still carry ordinary events and acknowledgements afterwards.
    for (const socket of Object.values(clients))
      expect(await subscribe(socket, server.id)).toEqual({ ok: true });
  });

  it('delivers a notification only to its user', async () => {
    const alice = await customer();
    const bob = await customer();
    const aliceSeen = record(await connect(alice.token));
    const bobSeen = record(await connect(bob.token));
    await t.app
      .get(NotificationsService)
      .notify({ userId: alice.id, kind: 'system', title: 'Hello Alice', body: 'Only for you' });
    await waitFor(() => aliceSeen.notifications.length === 1);
    await sleep(200);
    expect(aliceSeen.notifications[0]).toMatchObject({
      title: 'Hello Alice',
      body: 'Only for you',
    });
    expect(bobSeen.notifications).toEqual([]);
  });

  it('reconciles status drift: a container stopped outside the panel', async () => {
    const owner = await customer();
    const server = await runningServer(owner.token);
    const client = t.app.get(ProxmoxClient);
    await client.waitForTask(
      await client.setPowerState(server.node as string, server.vmid as number, 'stop'),
    );
    const seen = record(await connect(owner.token));
    await sweep();
    await waitFor(() =>
      seen.status.some((event) => event.serverId === server.id && event.status === 'stopped'),
    );
    expect(
      (await http<ServerView>(t.baseUrl, 'GET', `/api/server/${server.id}`, { token: owner.token }))
        .body.status,
    ).toBe('stopped');
  });

  it('raises one alert notification per cooldown for a busy server, an event every sweep, and a recovery', async () => {
    const owner = await customer();
    const server = await runningServer(owner.token);
    const socket = await connect(owner.token);
    const seen = record(socket);
    await subscribe(socket, server.id);
    await sim.pinLoad(server.vmid as number, { cpu: 0.96 });
    await sweep();
    await sweep();
    await sweep();
    await waitFor(() => seen.alerts.filter((alert) => alert.serverId === server.id).length >= 3);
    expect(
      seen.alerts.filter((alert) => alert.serverId === server.id && alert.state === 'firing'),
    ).toHaveLength(3);
    expect(seen.alerts[0]).toMatchObject({ resource: 'cpu', threshold: 90 });
    // Every sweep's event says since when it fires: the first sweep's time, not its own.
    const firingEvents = seen.alerts.filter((alert) => alert.serverId === server.id);
    expect(new Set(firingEvents.map((alert) => alert.since))).toEqual(
      new Set([firingEvents[0].at]),
    );
    expect(new Set(firingEvents.map((alert) => alert.at)).size).toBe(3);
    await waitFor(() => seen.notifications.length >= 1);
    await sleep(200);
    expect(
      seen.notifications.filter((notification) => /CPU above 90%/.test(notification.title)),
    ).toHaveLength(1);

    // 85 % is below the threshold but inside the hysteresis band: still firing, no recovery.
    await sim.pinLoad(server.vmid as number, { cpu: 0.85 });
    await sweep();
    await sleep(200);
    expect(seen.alerts.some((alert) => alert.state === 'recovered')).toBe(false);

    await sim.pinLoad(server.vmid as number, { cpu: 0.2 });
    await sweep();
    await waitFor(() =>
      seen.alerts.some((alert) => alert.serverId === server.id && alert.state === 'recovered'),
    );
    expect(seen.alerts.find((alert) => alert.state === 'recovered')?.since).toBe(
      firingEvents[0].at,
    );
    await waitFor(() =>
      seen.notifications.some((notification) => /CPU back to normal/.test(notification.title)),
    );
    const rows: { n: number | string }[] = await t.app
      .get(DataSource)
      .query(`SELECT COUNT(*) AS n FROM notifications WHERE userId = ? AND kind = 'resource'`, [
        owner.id,
      ]);
    expect(Number(rows[0].n)).toBe(2);
  });

  it('sweeps 500 containers on 3 nodes with one Proxmox request and a constant number of statements', async () => {
    const owner = await customer();
    const proxmox = t.app.get(ProxmoxClient) as ProxmoxHttpClient;
    const connection = t.app.get<ProxmoxConnection>(PROXMOX_CONNECTION, { strict: false });
    // Make the containers straight on the simulator, then give each a server row.
    const nodes = ['pve1', 'pve2', 'pve3'];
    let vmid = 5000;
    const made: { node: string; vmid: number }[] = [];
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          const node = nodes[vmid % 3];
          const id = vmid++;
          const task = await proxmox.createContainer({
            node,
            vmid: id,
            hostname: `bulk${id}`,
            templateVolid: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
            cores: 1,
            memoryMb: 256,
            diskGb: 1,
            rootPassword: 'bulk-password',
            start: true,
          });
          await proxmox.waitForTask(task);
          made.push({ node, vmid: id });
        }),
      );
    }
    const dataSource = t.app.get(DataSource);
    await dataSource.query(
      `INSERT INTO servers (ownerId, tariffId, osId, hostname, node, vmid, status, cores, memoryMb, diskGb, priceMonthlyMinor) VALUES ${made.map(() => `(?, 1, 1, ?, ?, ?, 'running', 1, 256, 1, 500)`).join(', ')}`,
      made.flatMap((container) => [
        owner.id,
        `bulk${container.vmid}`,
        container.node,
        container.vmid,
      ]),
    );
    const requests: string[] = [];
    const stop = proxmox.observe((exchange) =>
      requests.push(`${exchange.method} ${exchange.path}`),
    );
    const report = await sweep();
    stop();
    expect(report).toMatchObject({ error: null });
    expect(report?.serversSwept).toBeGreaterThanOrEqual(500);
    expect(requests).toEqual(['GET /cluster/resources']);
    // One read, one INSERT of the history rows, one UPDATE of the latest figures.
    expect(report?.databaseStatements).toBe(3);
    const metrics: { n: number | string }[] = await dataSource.query(
      `SELECT COUNT(*) AS n FROM server_metrics WHERE granularity = 'raw' AND serverId IN (SELECT id FROM servers WHERE hostname LIKE 'bulk%')`,
    );
    expect(Number(metrics[0].n)).toBe(500);
    // The latest figures on each server row are the ones in its history row.
    const mismatched: { n: number | string }[] = await dataSource.query(
      `SELECT COUNT(*) AS n FROM servers s JOIN server_metrics m ON m.serverId = s.id AND m.granularity = 'raw'
       WHERE s.hostname LIKE 'bulk%' AND (s.metricsAt IS NULL OR s.cpuPercent <> m.cpuPercent OR s.memUsedBytes <> m.memUsedBytes
         OR s.diskUsedBytes <> m.diskUsedBytes OR s.netInBytes <> m.netInBytes OR s.netOutBytes <> m.netOutBytes)`,
    );
    expect(Number(mismatched[0].n)).toBe(0);
    const listed = await http<ServerView[]>(t.baseUrl, 'GET', '/api/server', {
      token: owner.token,
    });
    const sample = await proxmox.listContainers();
    const byVmid = new Map(sample.map((container) => [container.vmid, container]));
    expect(listed.body).toHaveLength(500);
    for (const view of listed.body.slice(0, 20)) {
      expect(view.metrics.memTotalBytes).toBe(byVmid.get(view.vmid as number)?.memTotalBytes);
      expect(view.metrics.sampledAt).not.toBeNull();
    }
    expect(connection.apiUrl).toContain('127.0.0.1');
  });

  it('answers the history of a server for each range, owner only', async () => {
    const owner = await customer();
    const stranger = await customer();
    const server = await runningServer(owner.token);
    await sweep();
    const history = await http<{ points: { cpuPercent: number }[]; granularity: string }>(
      t.baseUrl,
      'GET',
      `/api/server/${server.id}/stats/history?range=1h`,
      { token: owner.token },
    );
    expect(history.status).toBe(200);
    expect(history.body.granularity).toBe('raw');
    expect(history.body.points.length).toBeGreaterThanOrEqual(1);
    expect(
      (
        await http(t.baseUrl, 'GET', `/api/server/${server.id}/stats/history?range=7d`, {
          token: owner.token,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await http(t.baseUrl, 'GET', `/api/server/${server.id}/stats/history?range=2y`, {
          token: owner.token,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await http(t.baseUrl, 'GET', `/api/server/${server.id}/stats/history`, {
          token: stranger.token,
        })
      ).status,
    ).toBe(404);
  });

  it('exports Prometheus metrics at /metrics: sweeps, Proxmox calls, sockets', async () => {
    const owner = await customer();
    await connect(owner.token);
    await sweep();
    const response = await fetch(`${t.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/^hostdeck_sweep_duration_seconds_count [1-9]/m);
    expect(text).toMatch(/^hostdeck_proxmox_requests_total\{method="GET",status="200"\} [1-9]/m);
    expect(text).toMatch(/^hostdeck_sockets_connected [1-9]/m);
    expect(text).toMatch(/^hostdeck_process_resident_memory_bytes /m);
  });
});
