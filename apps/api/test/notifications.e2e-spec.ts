import type {
  ClientToServerEvents,
  CreateServerResponse,
  LoginResponse,
  MarkAllNotificationsReadResponse,
  NotificationEvent,
  NotificationPage,
  NotificationView,
  OutboxMailDetail,
  OutboxPage,
  ServerToClientEvents,
  ServerView,
  TicketDetail,
  UnreadNotificationCount,
} from '@hostdeck/contracts';
import { io, Socket } from 'socket.io-client';

import { NotificationsService } from '../src/modules/notifications/notifications.service';
import type { ProxmoxConnection } from '../src/modules/proxmox/proxmox-connection';
import { PROXMOX_CONNECTION } from '../src/modules/proxmox/proxmox.module';
import { eventually, sleep } from '../src/testing/eventually';
import { SimControl } from '../src/testing/sim-control';
import { databaseKinds, http, HttpResult, startTestApp, TestApp } from '../src/testing/test-app';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Account {
  id: number;
  email: string;
  token: string;
}

/** This suite's wait for asynchronous effects (mail worker, listeners). */
const waitUntil = <T>(probe: () => Promise<T>, isDone: (value: T) => boolean) =>
  eventually(probe, isDone, 15_000);

describe.each(databaseKinds())('notifications on %s', (kind) => {
  let t: TestApp;
  let sim: SimControl;
  let admin: Account;
  let seq = 0;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp(kind, {
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      MONITORING_INTERVAL_SECONDS: '3600',
    });
    sim = new SimControl(t.app.get<ProxmoxConnection>(PROXMOX_CONNECTION, { strict: false }));
    const login = await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', {
      body: t.admin,
    });
    admin = { id: login.body.user.id, email: t.admin.email, token: login.body.accessToken };
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await sim.clearFaults();
  });

  afterAll(async () => {
    await t?.close();
  });

  async function account(role: 'customer' | 'support' = 'customer'): Promise<Account> {
    const email = `nt${++seq}-${kind}@example.com`;
    const password = 'a-good-password';
    const registered = await http<{ user: { id: number } }>(
      t.baseUrl,
      'POST',
      '/api/auth/register',
      { body: { email, password } },
    );
    if (role !== 'customer') {
      await http(t.baseUrl, 'PATCH', `/api/admin/users/${registered.body.user.id}/role`, {
        token: admin.token,
        body: { role },
      });
    }
    const login = await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', {
      body: { email, password },
    });
    return { id: login.body.user.id, email, token: login.body.accessToken };
  }

  const api = <T = Record<string, unknown>>(
    who: Account,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<HttpResult<T>> => http<T>(t.baseUrl, method, path, { token: who.token, body });

  const notify = (userId: number, title: string, kind: NotificationView['kind'] = 'system') =>
    t.app.get(NotificationsService).notify({ userId, kind, title, body: `${title} body` });

  async function connect(who: Account): Promise<NotificationEvent[]> {
    const socket: ClientSocket = io(t.baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: who.token },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    const seen: NotificationEvent[] = [];
    socket.on('notification', (event) => seen.push(event));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return seen;
  }

  it('lists unread first, newest first, in pages; marks one or all read; counts unread', async () => {
    const alice = await account();
    const bob = await account();
    const ids: number[] = [];
    for (let i = 1; i <= 7; i++) ids.push((await notify(alice.id, `n${i}`))?.id as number);
    const bobs = await notify(bob.id, 'for bob');

    expect(
      (await api<UnreadNotificationCount>(alice, 'GET', '/api/notifications/unread-count')).body,
    ).toEqual({ unreadCount: 7 });
    // Read n2 and n6: they go to the end, the unread stay newest first.
    for (const id of [ids[1], ids[5]]) {
      const read = await api<NotificationView>(alice, 'POST', `/api/notifications/${id}/read`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id, isRead: true });
      expect(read.body.readAt).not.toBeNull();
    }
    // Reading again changes nothing; someone else's is a 404, a bad id a 400.
    expect((await api(alice, 'POST', `/api/notifications/${ids[1]}/read`)).status).toBe(200);
    expect((await api(alice, 'POST', `/api/notifications/${bobs?.id}/read`)).status).toBe(404);
    expect((await api(alice, 'POST', '/api/notifications/999999/read')).status).toBe(404);
    expect((await api(alice, 'POST', '/api/notifications/x/read')).status).toBe(400);

    const all = await api<NotificationPage>(alice, 'GET', '/api/notifications');
    expect(all.status).toBe(200);
    expect(all.body.items.map((item) => item.title)).toEqual([
      'n7',
      'n5',
      'n4',
      'n3',
      'n1',
      'n6',
      'n2',
    ]);
    expect(all.body).toMatchObject({ total: 7, unreadCount: 5, page: 1 });
    expect(all.body.items[0]).toMatchObject({ kind: 'system', body: 'n7 body', isRead: false });

    const pages: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const result = await api<NotificationPage>(
        alice,
        'GET',
        `/api/notifications?page=${page}&pageSize=3`,
      );
      expect(result.body).toMatchObject({ total: 7, page, pageSize: 3 });
      pages.push(...result.body.items.map((item) => item.title));
    }
    expect(pages).toEqual(['n7', 'n5', 'n4', 'n3', 'n1', 'n6', 'n2']);
    const unread = await api<NotificationPage>(alice, 'GET', '/api/notifications?unreadOnly=true');
    expect(unread.body.items.map((item) => item.title)).toEqual(['n7', 'n5', 'n4', 'n3', 'n1']);
    expect(unread.body.total).toBe(5);
    for (const query of ['page=0', 'pageSize=101', 'unreadOnly=maybe', 'sort=x']) {
      expect([query, (await api(alice, 'GET', `/api/notifications?${query}`)).status]).toEqual([
        query,
        400,
      ]);
    }

    const readAll = await api<MarkAllNotificationsReadResponse>(
      alice,
      'POST',
      '/api/notifications/read-all',
    );
    expect(readAll.status).toBe(200);
    expect(readAll.body).toEqual({ updated: 5, unreadCount: 0 });
    expect(
      (await api<UnreadNotificationCount>(alice, 'GET', '/api/notifications/unread-count')).body,
    ).toEqual({ unreadCount: 0 });
    // Bob's are untouched.
    expect(
      (await api<UnreadNotificationCount>(bob, 'GET', '/api/notifications/unread-count')).body,
    ).toEqual({ unreadCount: 1 });
    expect((await http(t.baseUrl, 'GET', '/api/notifications')).status).toBe(401);
  });

  it('pushes each new notification over Socket.IO to its user only', async () => {
    const alice = await account();
    const bob = await account();
    const support = await account('support');
    const aliceSeen = await connect(alice);
    const aliceSecondTab = await connect(alice);
    const bobSeen = await connect(bob);

    const ticket = await api<TicketDetail>(alice, 'POST', '/api/tickets', {
      subject: 'Socket test',
      body: 'Hello',
    });
    await api(support, 'POST', `/api/tickets/${ticket.body.id}/messages`, { body: 'Hi Alice' });
    await waitUntil(
      async () => aliceSeen.length + aliceSecondTab.length,
      (count) => count >= 2,
    );
    await sleep(300);
    expect(aliceSeen).toHaveLength(1);
    expect(aliceSeen[0]).toMatchObject({
      kind: 'ticket',
      title: `Support replied to ticket #${ticket.body.id}: Socket test`,
      body: 'Hi Alice',
      link: `/tickets/${ticket.body.id}`,
    });
    expect(aliceSecondTab).toEqual(aliceSeen);
    expect(bobSeen).toEqual([]);
    // The pushed one is the stored one.
    const stored = await api<NotificationPage>(alice, 'GET', '/api/notifications');
    expect(stored.body.items[0]).toMatchObject({ id: aliceSeen[0].id, isRead: false });
  });

  it('tells the owner when a server is ready (with its IP, never the password), failed or deleted', async () => {
    const owner = await account();
    await http(t.baseUrl, 'POST', `/api/admin/users/${owner.id}/balance`, {
      token: admin.token,
      body: { amountMinor: 10_000, reason: 'test' },
    });
    const seen = await connect(owner);
    const created = await api<CreateServerResponse>(owner, 'POST', '/api/server/create', {
      tariffId: 1,
      osId: 1,
    });
    expect(created.status).toBe(202);
    const serverId = created.body.server.id;
    await waitUntil(
      () => api<ServerView>(owner, 'GET', `/api/server/${serverId}`),
      (result) => result.body.status === 'running' && !result.body.activeOperation,
    );
    const server = (await api<ServerView>(owner, 'GET', `/api/server/${serverId}`)).body;
    await waitUntil(
      async () => seen,
      (events) => events.some((event) => event.title === `Server ${server.hostname} is ready`),
    );
    const ready = seen.find((event) => event.title === `Server ${server.hostname} is ready`);
    expect(ready).toMatchObject({ kind: 'server', link: `/servers/${serverId}` });
    expect(ready?.body).toContain(server.ipAddress as string);

    // The same mail is waiting in the outbox (no SMTP here): IP yes, password no.
    const outbox = await waitUntil(
      () =>
        api<OutboxPage>(
          admin,
          'GET',
          `/api/admin/outbox?search=${encodeURIComponent(owner.email)}`,
        ),
      (result) => result.body.items.some((item) => item.template === 'server-created'),
    );
    const mail = outbox.body.items.find((item) => item.template === 'server-created');
    expect(mail).toMatchObject({
      status: 'held',
      subject: `Your server ${server.hostname} is ready`,
    });
    const detail = (await api<OutboxMailDetail>(admin, 'GET', `/api/admin/outbox/${mail?.id}`))
      .body;
    expect(detail.text).toContain(server.ipAddress as string);
    expect(detail.html).toContain(server.ipAddress as string);
    expect(detail.text + detail.html).not.toContain(created.body.rootPassword);

    // A power cycle later is not a second "ready".
    await api(owner, 'POST', `/api/server/${serverId}/restart`);
    await waitUntil(
      () => api<ServerView>(owner, 'GET', `/api/server/${serverId}`),
      (result) => result.body.status === 'running' && !result.body.activeOperation,
    );

    // A create that fails.
    await sim.setFaults({
      failTasks: [{ type: 'vzcreate', message: 'unable to create CT - storage full' }],
    });
    const failing = await api<CreateServerResponse>(owner, 'POST', '/api/server/create', {
      tariffId: 1,
      osId: 1,
    });
    await waitUntil(
      async () => seen,
      (events) =>
        events.some(
          (event) => event.title === `Problem with server ${failing.body.server.hostname}`,
        ),
    );
    await sim.clearFaults();

    // Deleting.
    expect((await api(owner, 'DELETE', `/api/server/${serverId}`)).status).toBe(202);
    await waitUntil(
      async () => seen,
      (events) => events.some((event) => event.title === `Server ${server.hostname} was deleted`),
    );
    await sleep(300);
    const titles = (
      await api<NotificationPage>(owner, 'GET', '/api/notifications?pageSize=100')
    ).body.items
      .filter((item) => item.kind === 'server')
      .map((item) => item.title);
    expect(titles.filter((title) => title === `Server ${server.hostname} is ready`)).toHaveLength(
      1,
    );
    expect(titles.filter((title) => title.endsWith('was deleted'))).toHaveLength(1);
    const templates = (
      await api<OutboxPage>(
        admin,
        'GET',
        `/api/admin/outbox?search=${encodeURIComponent(owner.email)}`,
      )
    ).body.items
      .map((item) => item.template)
      .filter((template) => template !== 'welcome');
    expect(templates.sort()).toEqual(['server-created', 'server-deleted', 'server-failed']);
  });
});
