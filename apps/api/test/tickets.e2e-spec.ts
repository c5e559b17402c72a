import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type {
  ClientToServerEvents,
  CreateServerResponse,
  LoginResponse,
  NotificationEvent,
  NotificationPage,
  OutboxMailDetail,
  OutboxPage,
  ServerToClientEvents,
  TicketDetail,
  TicketPage,
  TicketSummary,
} from '@hostdeck/contracts';
import type { ConfigType } from '@nestjs/config';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';

import { appConfig } from '../src/config/configuration';
import { eventually, sleep } from '../src/testing/eventually';
import { databaseKinds, http, HttpResult, startTestApp, TestApp } from '../src/testing/test-app';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Account {
  id: number;
  email: string;
  token: string;
}

/** This suite's wait for asynchronous effects (mail worker, listeners). */
const waitUntil = <T>(probe: () => Promise<T>, isDone: (value: T) => boolean) =>
  eventually(probe, isDone, 5000);

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.alloc(64, 7),
]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);

describe.each(databaseKinds())('tickets on %s', (kind) => {
  let t: TestApp;
  let admin: Account;
  let support: Account;
  let seq = 0;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp(kind, { AUTH_RATE_LIMIT_PER_MINUTE: '1000' });
    const login = await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', {
      body: t.admin,
    });
    admin = { id: login.body.user.id, email: t.admin.email, token: login.body.accessToken };
    support = await account('support');
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  afterAll(async () => {
    await t?.close();
  });

  async function account(role: 'customer' | 'support' = 'customer'): Promise<Account> {
    const email = `tk${++seq}-${role}-${kind}@example.com`;
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

  /** A multipart request, as a browser's FormData would send it. */
  async function upload<T = Record<string, unknown>>(
    who: Account,
    path: string,
    fields: Record<string, string>,
    file?: { name: string; data: Buffer; type?: string },
  ): Promise<HttpResult<T>> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (file) {
      form.append(
        'attachment',
        new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }),
        file.name,
      );
    }
    const response = await fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${who.token}` },
      body: form,
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      headers: response.headers,
    };
  }

  async function openTicket(who: Account, body: Record<string, unknown> = {}) {
    const created = await api<TicketDetail>(who, 'POST', '/api/tickets', {
      subject: `Help ${++seq}`,
      body: 'Something is wrong',
      ...body,
    });
    expect(created.status).toBe(201);
    return created.body;
  }

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

  const notificationsOf = async (who: Account) =>
    (await api<NotificationPage>(who, 'GET', '/api/notifications?pageSize=100')).body;

  it('lets a customer and support hold a conversation, moving the status by itself', async () => {
    const alice = await account();
    const opened = await openTicket(alice, {
      subject: 'Website down',
      body: 'My site answers 502 since noon.',
      priority: 'high',
    });
    expect(opened).toMatchObject({
      subject: 'Website down',
      status: 'open',
      priority: 'high',
      userId: alice.id,
      customerEmail: alice.email,
      assigneeId: null,
      closedAt: null,
    });
    expect(opened.messages).toHaveLength(1);
    expect(opened.messages[0]).toMatchObject({
      body: 'My site answers 502 since noon.',
      isFromStaff: false,
      isInternal: false,
      authorId: alice.id,
      attachment: null,
    });

    const mine = await api<TicketPage>(alice, 'GET', '/api/tickets');
    expect(mine.body.items.map((ticket) => ticket.id)).toEqual([opened.id]);
    const queue = await api<TicketPage>(support, 'GET', '/api/tickets?status=open&pageSize=100');
    expect(queue.body.items.find((ticket) => ticket.id === opened.id)).toMatchObject({
      customerEmail: alice.email,
    });

    // Support answers: answered, and the ticket is theirs.
    const answered = await api<TicketDetail>(
      support,
      'POST',
      `/api/tickets/${opened.id}/messages`,
      {
        body: 'We are looking into it.',
      },
    );
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({
      status: 'answered',
      assigneeId: support.id,
      assigneeEmail: support.email,
    });
    const seenByAlice = await api<TicketDetail>(alice, 'GET', `/api/tickets/${opened.id}`);
    expect(seenByAlice.body.status).toBe('answered');
    expect(seenByAlice.body.messages.map((message) => [message.isFromStaff, message.body])).toEqual(
      [
        [false, 'My site answers 502 since noon.'],
        [true, 'We are looking into it.'],
      ],
    );

    // The customer writes back: customer-reply.
    const replied = await api<TicketDetail>(alice, 'POST', `/api/tickets/${opened.id}/messages`, {
      body: 'Still down.',
    });
    expect(replied.body.status).toBe('customer-reply');

    // Close, reopen, close again; a reply reopens a closed ticket.
    const closed = await api<TicketSummary>(alice, 'POST', `/api/tickets/${opened.id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.closedAt).not.toBeNull();
    const reopened = await api<TicketSummary>(alice, 'POST', `/api/tickets/${opened.id}/reopen`);
    expect(reopened.body).toMatchObject({ status: 'open', closedAt: null });
    await api(alice, 'POST', `/api/tickets/${opened.id}/close`);
    const revived = await api<TicketDetail>(alice, 'POST', `/api/tickets/${opened.id}/messages`, {
      body: 'It is back, but one more question.',
    });
    expect(revived.body).toMatchObject({ status: 'customer-reply', closedAt: null });
    const staffAnswer = await api<TicketDetail>(
      support,
      'POST',
      `/api/tickets/${opened.id}/messages`,
      { body: 'Sure, ask away.' },
    );
    expect(staffAnswer.body.status).toBe('answered');

    // Staff change priority and status by hand.
    const changed = await api<TicketSummary>(support, 'PATCH', `/api/tickets/${opened.id}`, {
      priority: 'urgent',
      status: 'closed',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ priority: 'urgent', status: 'closed' });
    expect((await api(support, 'PATCH', `/api/tickets/${opened.id}`, {})).status).toBe(400);
    expect(
      (await api(support, 'PATCH', `/api/tickets/${opened.id}`, { status: 'solved' })).status,
    ).toBe(400);

    // Each side was told: the customer about staff replies, the assignee about customer replies.
    const aliceNotes = await waitUntil(
      () => notificationsOf(alice),
      (page) => page.items.filter((item) => item.kind === 'ticket').length >= 2,
    );
    expect(aliceNotes.items.filter((item) => item.kind === 'ticket')[0]).toMatchObject({
      title: `Support replied to ticket #${opened.id}: Website down`,
      body: 'Sure, ask away.',
      link: `/tickets/${opened.id}`,
    });
    const supportNotes = await waitUntil(
      () => notificationsOf(support),
      (page) =>
        page.items.some((item) =>
          item.title.startsWith(`Customer replied to ticket #${opened.id}`),
        ),
    );
    expect(supportNotes.items.find((item) => item.title.startsWith(`Customer replied`))?.link).toBe(
      `/staff/tickets/${opened.id}`,
    );

    // Staff actions are in the audit log.
    const audit: { action: string; actorId: number }[] = await t.app
      .get(DataSource)
      .query(
        `SELECT action, actorId FROM audit_logs WHERE targetType = 'ticket' AND targetId = ?`,
        [String(opened.id)],
      );
    const staffActions = audit.filter((row) => Number(row.actorId) === support.id);
    expect(staffActions.map((row) => row.action).sort()).toEqual(
      ['ticket.reply', 'ticket.reply', 'ticket.update'].sort(),
    );
  });

  it('keeps internal notes from the customer in every response, search, notification, event and mail', async () => {
    const alice = await account();
    const aliceSocket = await connect(alice);
    const secret = `SECRET-${kind}-${Date.now()}`;
    const ticket = await openTicket(alice, {
      subject: 'Billing question',
      body: 'Why this charge?',
    });
    await api(support, 'POST', `/api/tickets/${ticket.id}/messages`, { body: 'Checking.' });
    const before = (await api<TicketDetail>(alice, 'GET', `/api/tickets/${ticket.id}`)).body;

    const note = await api<TicketDetail>(support, 'POST', `/api/tickets/${ticket.id}/messages`, {
      body: `Internal: customer is a known abuser ${secret}`,
      isInternal: true,
    });
    expect(note.status).toBe(201);
    const staffView = note.body.messages.find((message) => message.isInternal);
    expect(staffView?.body).toContain(secret);
    const noteWithFile = await upload<TicketDetail>(
      support,
      `/api/tickets/${ticket.id}/messages`,
      { body: `Evidence ${secret}`, isInternal: 'true' },
      { name: 'evidence.png', data: PNG, type: 'image/png' },
    );
    expect(noteWithFile.status).toBe(201);
    const internalFile = noteWithFile.body.messages.find((message) => message.attachment);
    expect(internalFile?.isInternal).toBe(true);
    // A note changes nothing the customer can see.
    expect(noteWithFile.body).toMatchObject({
      status: before.status,
      lastMessageAt: before.lastMessageAt,
      updatedAt: before.updatedAt,
    });

    // A customer cannot write one.
    expect(
      (
        await api(alice, 'POST', `/api/tickets/${ticket.id}/messages`, {
          body: 'let me in',
          isInternal: true,
        })
      ).status,
    ).toBe(403);

    const responses: unknown[] = [];
    const collect = async <T>(result: Promise<HttpResult<T>>) => {
      const settled = await result;
      responses.push(settled.body);
      return settled;
    };
    const detail = await collect(api<TicketDetail>(alice, 'GET', `/api/tickets/${ticket.id}`));
    expect(detail.body.messages.every((message) => !message.isInternal)).toBe(true);
    expect(detail.body.messages).toHaveLength(2);
    await collect(api(alice, 'GET', '/api/tickets'));
    const searched = await collect(
      api<TicketPage>(alice, 'GET', `/api/tickets?search=${encodeURIComponent(secret)}`),
    );
    expect(searched.body.total).toBe(0);
    const staffSearch = await api<TicketPage>(
      support,
      'GET',
      `/api/tickets?search=${encodeURIComponent(secret)}`,
    );
    expect(staffSearch.body.items.map((item) => item.id)).toEqual([ticket.id]);
    expect(
      (
        await collect(
          api(alice, 'GET', `/api/tickets/${ticket.id}/messages/${internalFile?.id}/attachment`),
        )
      ).status,
    ).toBe(404);
    await collect(api(alice, 'POST', `/api/tickets/${ticket.id}/messages`, { body: 'Any news?' }));
    await collect(api(alice, 'POST', `/api/tickets/${ticket.id}/close`));
    await collect(api(alice, 'POST', `/api/tickets/${ticket.id}/reopen`));
    await api(support, 'POST', `/api/tickets/${ticket.id}/messages`, { body: 'Resolved now.' });

    const notifications = await waitUntil(
      () => notificationsOf(alice),
      (page) => page.items.filter((item) => item.kind === 'ticket').length >= 2,
    );
    responses.push(notifications);
    await waitUntil(
      async () => aliceSocket.length,
      (count) => count >= 2,
    );
    await sleep(200);
    responses.push(aliceSocket);
    const outbox = await api<OutboxPage>(
      admin,
      'GET',
      `/api/admin/outbox?search=${encodeURIComponent(alice.email)}&pageSize=100`,
    );
    expect(outbox.body.items.length).toBeGreaterThanOrEqual(2);
    for (const mail of outbox.body.items) {
      responses.push(
        (await api<OutboxMailDetail>(admin, 'GET', `/api/admin/outbox/${mail.id}`)).body,
      );
    }

    const everything = JSON.stringify(responses);
    expect(everything).toContain('Resolved now.');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain('known abuser');
    expect(everything).not.toContain('evidence.png');
  });

  it("answers 404 for another customer's tickets, servers and attachments; 403 for staff actions", async () => {
    const alice = await account();
    const bob = await account();
    await http(t.baseUrl, 'POST', `/api/admin/users/${alice.id}/balance`, {
      token: admin.token,
      body: { amountMinor: 10_000, reason: 'test' },
    });
    const server = await api<CreateServerResponse>(alice, 'POST', '/api/server/create', {
      tariffId: 1,
      osId: 1,
    });
    expect(server.status).toBe(202);
    const serverId = server.body.server.id;

    const ticket = await upload<TicketDetail>(
      alice,
      '/api/tickets',
      { subject: 'About my server', body: 'See the screenshot', serverId: String(serverId) },
      { name: 'shot.png', data: PNG, type: 'image/png' },
    );
    expect(ticket.status).toBe(201);
    expect(ticket.body.serverId).toBe(serverId);
    const messageId = ticket.body.messages[0].id;
    const id = ticket.body.id;

    for (const [method, path, body] of [
      ['GET', `/api/tickets/${id}`, undefined],
      ['POST', `/api/tickets/${id}/messages`, { body: 'hijack' }],
      ['POST', `/api/tickets/${id}/close`, undefined],
      ['POST', `/api/tickets/${id}/reopen`, undefined],
      ['GET', `/api/tickets/${id}/messages/${messageId}/attachment`, undefined],
    ] as const) {
      const result = await api(bob, method, path, body);
      expect([method, path, result.status]).toEqual([method, path, 404]);
      expect(JSON.stringify(result.body)).not.toContain('About my server');
    }
    const bobList = await api<TicketPage>(bob, 'GET', `/api/tickets?search=%23${id}`);
    expect(bobList.body.total).toBe(0);
    expect(
      (await api(bob, 'POST', '/api/tickets', { subject: 'x', body: 'y', serverId })).status,
    ).toBe(404);
    expect(
      (await api(bob, 'POST', '/api/tickets', { subject: 'x', body: 'y', serverId: 999_999 }))
        .status,
    ).toBe(404);
    expect((await api(alice, 'PATCH', `/api/tickets/${id}`, { priority: 'urgent' })).status).toBe(
      403,
    );
    expect(
      (await api(alice, 'POST', `/api/tickets/${id}/assign`, { assigneeId: alice.id })).status,
    ).toBe(403);
    expect((await api(bob, 'GET', '/api/tickets/abc')).status).toBe(400);
    const unchanged = await api<TicketDetail>(alice, 'GET', `/api/tickets/${id}`);
    expect(unchanged.body.messages).toHaveLength(1);
    expect(unchanged.body.status).toBe('open');
  });

  it('accepts attachments by content, refuses fakes and oversize files, and serves them only to those allowed', async () => {
    const alice = await account();
    const bob = await account();
    const countTickets = async () =>
      (await api<TicketPage>(alice, 'GET', '/api/tickets')).body.total;

    const png = await upload<TicketDetail>(
      alice,
      '/api/tickets',
      { subject: 'Screenshot', body: 'Error page attached', priority: 'low' },
      // The browser's declared type is ignored; the bytes decide.
      { name: 'screen shot.png', data: PNG, type: 'application/octet-stream' },
    );
    expect(png.status).toBe(201);
    expect(png.body.priority).toBe('low');
    const attachment = png.body.messages[0].attachment;
    expect(attachment).toMatchObject({
      name: 'screen shot.png',
      mimeType: 'image/png',
      sizeBytes: PNG.length,
    });

    const download = await fetch(`${t.baseUrl}${attachment?.url}`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename="screen shot.png"/,
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
    const asSupport = await fetch(`${t.baseUrl}${attachment?.url}`, {
      headers: { authorization: `Bearer ${support.token}` },
    });
    expect(asSupport.status).toBe(200);
    await asSupport.arrayBuffer();
    expect((await fetch(`${t.baseUrl}${attachment?.url}`)).status).toBe(401);
    expect((await api(bob, 'GET', attachment?.url ?? '')).status).toBe(404);

    // Stored under DATA_DIR/attachments with a random name, never the upload's.
    const dataDir = t.app.get<ConfigType<typeof appConfig>>(appConfig.KEY).dataDir;
    const stored = readdirSync(join(dataDir, 'attachments'));
    expect(stored.every((name) => /^[0-9a-f]{32}$/.test(name))).toBe(true);
    expect(
      stored.some((name) => readFileSync(join(dataDir, 'attachments', name)).equals(PNG)),
    ).toBe(true);

    const text = await upload<TicketDetail>(
      alice,
      `/api/tickets/${png.body.id}/messages`,
      { body: 'And the log' },
      {
        name: 'nginx.log',
        data: Buffer.from('GET / 502\nupstream timed out ✓\n'),
        type: 'text/x-log',
      },
    );
    expect(text.status).toBe(201);
    expect(text.body.messages[1].attachment).toMatchObject({ mimeType: 'text/plain' });
    const pdf = await upload<TicketDetail>(
      alice,
      `/api/tickets/${png.body.id}/messages`,
      { body: 'The invoice' },
      { name: 'invoice.pdf', data: PDF },
    );
    expect(pdf.status).toBe(201);
    expect(pdf.body.messages[2].attachment?.mimeType).toBe('application/pdf');

    const before = await countTickets();
    for (const [name, data] of [
      ['invoice.pdf', ELF],
      ['photo.png', Buffer.from('just text pretending to be an image')],
      ['report.pdf', PNG],
      ['page.html', Buffer.from('<html><script>alert(1)</script></html>')],
      ['tool.exe', ELF],
      ['noext', ELF],
    ] as const) {
      const refused = await upload(
        alice,
        '/api/tickets',
        { subject: 'fake', body: 'fake' },
        { name, data, type: 'image/png' },
      );
      expect([name, refused.status]).toEqual([name, 415]);
      expect(refused.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    }
    const tooBig = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 + 1 - PNG.length, 1)]);
    const oversize = await upload(
      alice,
      '/api/tickets',
      { subject: 'big', body: 'big' },
      { name: 'big.png', data: tooBig, type: 'image/png' },
    );
    expect(oversize.status).toBe(413);
    expect(oversize.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    const justFits = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 - PNG.length, 1)]);
    const fits = await upload<TicketDetail>(
      alice,
      `/api/tickets/${png.body.id}/messages`,
      { body: 'exactly 5 MB' },
      { name: 'max.png', data: justFits },
    );
    expect(fits.status).toBe(201);

    // Bad fields in a form are 400s like JSON ones; nothing was created by any refusal.
    expect((await upload(alice, '/api/tickets', { subject: 'no body' })).status).toBe(400);
    expect(
      (await upload(alice, '/api/tickets', { subject: 's', body: 'b', owner: 'me' })).status,
    ).toBe(400);
    expect(
      (await upload(alice, '/api/tickets', { subject: 's', body: 'b', priority: 'asap' })).status,
    ).toBe(400);
    const wrongField = new FormData();
    wrongField.append('subject', 's');
    wrongField.append('body', 'b');
    wrongField.append('file', new Blob([new Uint8Array(PNG)]), 'x.png');
    const wrong = await fetch(`${t.baseUrl}/api/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}` },
      body: wrongField,
    });
    expect(wrong.status).toBe(400);
    expect(await countTickets()).toBe(before);
  });

  it('gives staff a queue with filters, search and paging, and assignment to staff only', async () => {
    const carol = await account();
    const dave = await account();
    const other = await account('support');
    const tag = `q${kind}${Date.now()}`;
    const made: TicketDetail[] = [];
    for (const [who, priority] of [
      [carol, 'low'],
      [carol, 'normal'],
      [carol, 'urgent'],
      [dave, 'high'],
      [dave, 'urgent'],
    ] as const) {
      made.push(await openTicket(who, { subject: `${tag} ${priority}`, priority }));
    }
    await api(support, 'POST', `/api/tickets/${made[0].id}/assign`, { assigneeId: support.id });
    await api(support, 'POST', `/api/tickets/${made[1].id}/assign`, { assigneeId: other.id });
    await api(support, 'POST', `/api/tickets/${made[2].id}/messages`, { body: 'on it' });
    await api(support, 'POST', `/api/tickets/${made[3].id}/close`);

    const list = async (query: string) =>
      (await api<TicketPage>(support, 'GET', `/api/tickets?search=${tag}&pageSize=100&${query}`))
        .body;
    const ids = (page: TicketPage) => page.items.map((item) => item.id).sort((a, b) => a - b);
    const idsOf = (...indexes: number[]) => indexes.map((index) => made[index].id);

    expect((await list('')).total).toBe(5);
    expect(ids(await list('priority=urgent'))).toEqual(idsOf(2, 4));
    expect(ids(await list('status=closed'))).toEqual(idsOf(3));
    expect(ids(await list('status=active'))).toEqual(idsOf(0, 1, 2, 4));
    expect(ids(await list('status=answered'))).toEqual(idsOf(2));
    expect(ids(await list('assignee=me'))).toEqual(idsOf(0, 2));
    expect(ids(await list(`assignee=${other.id}`))).toEqual(idsOf(1));
    expect(ids(await list('assignee=none'))).toEqual(idsOf(3, 4));
    expect(ids(await list(`userId=${dave.id}`))).toEqual(idsOf(3, 4));
    expect(ids(await list('status=active&priority=urgent&assignee=none'))).toEqual(idsOf(4));
    const byEmail = await api<TicketPage>(
      support,
      'GET',
      `/api/tickets?search=${encodeURIComponent(dave.email)}`,
    );
    expect(ids(byEmail.body)).toEqual(idsOf(3, 4));
    const byNumber = await api<TicketPage>(support, 'GET', `/api/tickets?search=%23${made[1].id}`);
    expect(byNumber.body.items.map((item) => item.id)).toContain(made[1].id);

    // Paging: newest activity first, pages do not overlap and add up.
    const first = await api<TicketPage>(support, 'GET', `/api/tickets?search=${tag}&pageSize=2`);
    const second = await api<TicketPage>(
      support,
      'GET',
      `/api/tickets?search=${tag}&pageSize=2&page=2`,
    );
    const third = await api<TicketPage>(
      support,
      'GET',
      `/api/tickets?search=${tag}&pageSize=2&page=3`,
    );
    expect([first.body.total, first.body.page, first.body.pageSize]).toEqual([5, 1, 2]);
    const paged = [...first.body.items, ...second.body.items, ...third.body.items];
    expect(paged.map((item) => item.id).sort((a, b) => a - b)).toEqual(idsOf(0, 1, 2, 3, 4));
    expect(paged[0].id).toBe(made[2].id); // The one with the latest reply.
    const times = paged.map((item) => item.lastMessageAt);
    expect([...times].sort().reverse()).toEqual(times);

    // Customers only ever see their own, whatever they filter by.
    const carolView = await api<TicketPage>(
      carol,
      'GET',
      `/api/tickets?search=${tag}&userId=${dave.id}&assignee=none`,
    );
    expect(ids(carolView.body)).toEqual(idsOf(0, 1, 2));

    // Assignment: staff only, unassign with null, audited.
    expect(
      (await api(support, 'POST', `/api/tickets/${made[4].id}/assign`, { assigneeId: carol.id }))
        .status,
    ).toBe(400);
    expect(
      (await api(support, 'POST', `/api/tickets/${made[4].id}/assign`, { assigneeId: 999_999 }))
        .status,
    ).toBe(400);
    expect((await api(support, 'POST', `/api/tickets/${made[4].id}/assign`, {})).status).toBe(400);
    const assigned = await api<TicketSummary>(
      support,
      'POST',
      `/api/tickets/${made[4].id}/assign`,
      {
        assigneeId: other.id,
      },
    );
    expect(assigned.body).toMatchObject({ assigneeId: other.id, assigneeEmail: other.email });
    const otherNotes = await waitUntil(
      () => notificationsOf(other),
      (page) =>
        page.items.some((item) => item.title === `Ticket #${made[4].id} was assigned to you`),
    );
    expect(otherNotes.unreadCount).toBeGreaterThan(0);
    const unassigned = await api<TicketSummary>(
      admin,
      'POST',
      `/api/tickets/${made[4].id}/assign`,
      { assigneeId: null },
    );
    expect(unassigned.body).toMatchObject({ assigneeId: null, assigneeEmail: null });
    const audit: { n: number | string }[] = await t.app
      .get(DataSource)
      .query(
        `SELECT COUNT(*) AS n FROM audit_logs WHERE action = 'ticket.assign' AND targetId = ?`,
        [String(made[4].id)],
      );
    expect(Number(audit[0].n)).toBe(2);

    for (const query of [
      'status=bogus',
      'assignee=someone',
      'page=0',
      'pageSize=500',
      'priority=x',
    ]) {
      expect([query, (await api(support, 'GET', `/api/tickets?${query}`)).status]).toEqual([
        query,
        400,
      ]);
    }
  });

  it('tells the assignee about a customer reply, or every staff member while nobody has the ticket', async () => {
    const erin = await account();
    const helper = await account('support');
    const opened = await openTicket(erin, { subject: 'Unassigned question' });
    // Nobody has it: every support and admin user hears about it.
    for (const who of [support, helper, admin]) {
      await waitUntil(
        () => notificationsOf(who),
        (page) =>
          page.items.some((item) => item.title === `New ticket #${opened.id}: Unassigned question`),
      );
    }
    await api(helper, 'POST', `/api/tickets/${opened.id}/messages`, { body: 'Mine.' });
    await api(erin, 'POST', `/api/tickets/${opened.id}/messages`, { body: 'Thanks!' });
    await waitUntil(
      () => notificationsOf(helper),
      (page) =>
        page.items.some((item) =>
          item.title.startsWith(`Customer replied to ticket #${opened.id}`),
        ),
    );
    await sleep(200);
    const supportPage = await notificationsOf(support);
    expect(
      supportPage.items.some((item) =>
        item.title.startsWith(`Customer replied to ticket #${opened.id}`),
      ),
    ).toBe(false);
  });
  it('documents every ticket, notification and outbox route in Swagger', async () => {
    const spec = await http<{
      paths: Record<
        string,
        Record<
          string,
          {
            operationId: string;
            responses: Record<string, unknown>;
            requestBody?: { content: Record<string, unknown> };
          }
        >
      >;
    }>(t.baseUrl, 'GET', '/api/docs-json');
    const expected: [string, string][] = [
      ['get', '/api/tickets'],
      ['post', '/api/tickets'],
      ['get', '/api/tickets/{id}'],
      ['patch', '/api/tickets/{id}'],
      ['post', '/api/tickets/{id}/messages'],
      ['get', '/api/tickets/{id}/messages/{messageId}/attachment'],
      ['post', '/api/tickets/{id}/close'],
      ['post', '/api/tickets/{id}/reopen'],
      ['post', '/api/tickets/{id}/assign'],
      ['get', '/api/notifications'],
      ['get', '/api/notifications/unread-count'],
      ['post', '/api/notifications/read-all'],
      ['post', '/api/notifications/{id}/read'],
      ['get', '/api/notifications/preferences'],
      ['put', '/api/notifications/preferences'],
      ['get', '/api/admin/outbox'],
      ['get', '/api/admin/outbox/{id}'],
      ['post', '/api/admin/outbox/{id}/resend'],
    ];
    for (const [method, path] of expected) {
      const operation = spec.body.paths[path]?.[method];
      expect([method, path, Boolean(operation)]).toEqual([method, path, true]);
      expect(Object.keys(operation.responses)).toContain('401');
    }
    const ids = Object.values(spec.body.paths).flatMap((methods) =>
      Object.values(methods).map((operation) => operation.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(spec.body.paths['/api/tickets']['post'].requestBody?.content ?? {})).toEqual(
      ['application/json', 'multipart/form-data'],
    );
  });
});
