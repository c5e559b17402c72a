import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type {
  CreateServerResponse,
  LoginResponse,
  NotificationPage,
  NotificationPreferences,
  OutboxMailDetail,
  OutboxMailSummary,
  OutboxPage,
  ServerView,
  TicketDetail,
} from '@hostdeck/contracts';

import { MailService } from '../src/modules/mail/mail.service';
import { MonitoringService } from '../src/modules/monitoring/monitoring.service';
import type { ProxmoxConnection } from '../src/modules/proxmox/proxmox-connection';
import { PROXMOX_CONNECTION } from '../src/modules/proxmox/proxmox.module';
import { eventually, sleep } from '../src/testing/eventually';
import { SimControl } from '../src/testing/sim-control';
import { ReceivedMail, TestSmtpServer } from '../src/testing/smtp-server';
import {
  createScratchDatabase,
  databaseKinds,
  DatabaseKind,
  http,
  HttpResult,
  startTestApp,
  TestApp,
} from '../src/testing/test-app';

interface Account {
  id: number;
  email: string;
  token: string;
}

/** This suite's wait for asynchronous effects (mail worker, listeners). */
const waitUntil = <T>(probe: () => Promise<T>, isDone: (value: T) => boolean) =>
  eventually(probe, isDone, 15_000);

/** Accounts and calls against one running app. */
function helpers(get: () => TestApp, kind: DatabaseKind, prefix: string) {
  let seq = 0;
  let adminAccount: Account | undefined;

  const api = <T = Record<string, unknown>>(
    who: Account,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<HttpResult<T>> => http<T>(get().baseUrl, method, path, { token: who.token, body });

  async function admin(): Promise<Account> {
    if (adminAccount) return adminAccount;
    const login = await http<LoginResponse>(get().baseUrl, 'POST', '/api/auth/login', {
      body: get().admin,
    });
    adminAccount = {
      id: login.body.user.id,
      email: get().admin.email,
      token: login.body.accessToken,
    };
    return adminAccount;
  }

  async function account(role: 'customer' | 'support' = 'customer'): Promise<Account> {
    const email = `${prefix}${++seq}-${kind}@example.com`;
    const password = 'a-good-password';
    const registered = await http<{ user: { id: number } }>(
      get().baseUrl,
      'POST',
      '/api/auth/register',
      { body: { email, password } },
    );
    if (role !== 'customer') {
      await api(await admin(), 'PATCH', `/api/admin/users/${registered.body.user.id}/role`, {
        role,
      });
    }
    const login = await http<LoginResponse>(get().baseUrl, 'POST', '/api/auth/login', {
      body: { email, password },
    });
    return { id: login.body.user.id, email, token: login.body.accessToken };
  }

  /** A user's mails apart from the welcome mail every registration sends (tested on its own). */
  async function outboxFor(email: string): Promise<OutboxMailSummary[]> {
    return (
      await api<OutboxPage>(
        await admin(),
        'GET',
        `/api/admin/outbox?pageSize=100&search=${encodeURIComponent(email)}`,
      )
    ).body.items.filter((item) => item.template !== 'welcome');
  }

  return { api, admin, account, outboxFor };
}

function expectBothParts(mail: ReceivedMail): void {
  expect(mail.headers['content-type']).toMatch(/^multipart\/alternative/);
  expect(mail.text).toEqual(expect.any(String));
  expect(mail.html).toMatch(/^<!doctype html>/);
}

describe.each(databaseKinds())('mail on %s', (kind) => {
  describe('without SMTP (the outbox)', () => {
    let t: TestApp;
    const { api, admin, account, outboxFor } = helpers(() => t, kind, 'ob');

    beforeAll(async () => {
      t = await startTestApp(kind, { AUTH_RATE_LIMIT_PER_MINUTE: '1000' });
    });

    afterAll(async () => {
      await t?.close();
    });

    it('keeps every mail, with both parts, for admins to read; nothing is sent or lost', async () => {
      const customer = await account();
      const support = await account('support');
      const ticket = await api<TicketDetail>(customer, 'POST', '/api/tickets', {
        subject: 'Price <b>question</b> & more',
        body: 'Hello',
      });
      await api(support, 'POST', `/api/tickets/${ticket.body.id}/messages`, {
        body: 'Line one\n<script>alert(1)</script>',
      });
      const [mail] = await waitUntil(
        () => outboxFor(customer.email),
        (items) => items.length === 1,
      );
      expect(mail).toMatchObject({
        to: customer.email,
        template: 'ticket-reply',
        status: 'held',
        attempts: 0,
        lastError: null,
        sentAt: null,
        subject: `[Ticket #${ticket.body.id}] New reply: Price <b>question</b> & more`,
      });

      const detail = await api<OutboxMailDetail>(
        await admin(),
        'GET',
        `/api/admin/outbox/${mail.id}`,
      );
      expect(detail.status).toBe(200);
      expect(detail.body.text).toContain('> Line one\n> <script>alert(1)</script>');
      expect(detail.body.text).toContain(`/tickets/${ticket.body.id}`);
      expect(detail.body.html).toContain('Line one<br>&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(detail.body.html).toContain('Price &lt;b&gt;question&lt;/b&gt; &amp; more');
      expect(detail.body.html).not.toContain('<script>');

      const page = await api<OutboxPage>(await admin(), 'GET', '/api/admin/outbox?pageSize=1');
      expect(page.body).toMatchObject({ mode: 'outbox', page: 1, pageSize: 1 });
      expect(page.body.items).toHaveLength(1);
      expect(page.body.total).toBeGreaterThanOrEqual(3); // The reply, and "new ticket" to staff.
      const held = await api<OutboxPage>(
        await admin(),
        'GET',
        '/api/admin/outbox?status=held&pageSize=100',
      );
      expect(held.body.items.every((item) => item.status === 'held')).toBe(true);
      expect(held.body.items.some((item) => item.template === 'ticket-opened')).toBe(true);

      // Resending needs an SMTP server; admins only.
      const resend = await api(await admin(), 'POST', `/api/admin/outbox/${mail.id}/resend`);
      expect(resend.status).toBe(409);
      expect(resend.body).toMatchObject({ message: expect.stringContaining('SMTP') });
      for (const who of [customer, support]) {
        expect((await api(who, 'GET', '/api/admin/outbox')).status).toBe(403);
        expect((await api(who, 'GET', `/api/admin/outbox/${mail.id}`)).status).toBe(403);
        expect((await api(who, 'POST', `/api/admin/outbox/${mail.id}/resend`)).status).toBe(403);
      }
      expect((await api(await admin(), 'GET', '/api/admin/outbox/999999')).status).toBe(404);
      expect((await api(await admin(), 'GET', '/api/admin/outbox?status=lost')).status).toBe(400);
    });

    it('lets a user turn optional mail off; essential mail still goes out', async () => {
      const customer = await account();
      const support = await account('support');
      const path = '/api/notifications/preferences';
      expect((await api<NotificationPreferences>(customer, 'GET', path)).body).toEqual({
        isOptionalMailEnabled: true,
      });
      const off = await api<NotificationPreferences>(customer, 'PUT', path, {
        isOptionalMailEnabled: false,
      });
      expect(off.status).toBe(200);
      expect(off.body).toEqual({ isOptionalMailEnabled: false });
      expect((await api<NotificationPreferences>(customer, 'GET', path)).body).toEqual({
        isOptionalMailEnabled: false,
      });
      for (const body of [
        {},
        { isOptionalMailEnabled: 'no' },
        { isOptionalMailEnabled: true, x: 1 },
      ]) {
        expect((await api(customer, 'PUT', path, body)).status).toBe(400);
      }

      const ticket = await api<TicketDetail>(customer, 'POST', '/api/tickets', {
        subject: 'Quiet please',
        body: 'Hello',
      });
      await api(support, 'POST', `/api/tickets/${ticket.body.id}/messages`, { body: 'Noted' });
      await t.app.get(MailService).sendToUser(customer.id, 'check-approved', {
        checkId: 1,
        amountMinor: 2500,
        balanceMinor: 7500,
      });
      const mails = await waitUntil(
        () => outboxFor(customer.email),
        (items) => items.length === 2,
      );
      expect(mails.map((item) => [item.template, item.status]).sort()).toEqual([
        ['check-approved', 'held'],
        ['ticket-reply', 'skipped'],
      ]);
      const approved = mails.find((item) => item.template === 'check-approved');
      expect(approved?.subject).toBe('Payment of 25.00 approved');
      // The in-app notification is not affected by the mail setting.
      const notifications = await api<NotificationPage>(customer, 'GET', '/api/notifications');
      expect(notifications.body.items.some((item) => item.kind === 'ticket')).toBe(true);
    });
  });

  describe('with a real SMTP server', () => {
    let t: TestApp;
    let sim: SimControl;
    const smtp = new TestSmtpServer();
    const { api, admin, account, outboxFor } = helpers(() => t, kind, 'sm');

    beforeAll(async () => {
      const port = await smtp.start();
      t = await startTestApp(kind, {
        AUTH_RATE_LIMIT_PER_MINUTE: '1000',
        MONITORING_INTERVAL_SECONDS: '3600',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(port),
        SMTP_USER: 'panel',
        SMTP_PASS: 'smtp-secret',
        SMTP_FROM: 'Hostdeck Test <panel@hostdeck.test>',
        PANEL_URL: 'https://panel.example.test/',
        MAIL_POLL_SECONDS: '1',
        MAIL_RETRY_BASE_SECONDS: '1',
        MAIL_MAX_ATTEMPTS: '3',
      });
      sim = new SimControl(t.app.get<ProxmoxConnection>(PROXMOX_CONNECTION, { strict: false }));
    });

    afterEach(async () => {
      smtp.rejectWith = null;
      await sim.clearFaults();
    });

    afterAll(async () => {
      await t?.close();
      await smtp.stop();
    });

    it('mails the owner a ready server, a resource alert and its recovery, each with both parts', async () => {
      const owner = await account();
      await api(await admin(), 'POST', `/api/admin/users/${owner.id}/balance`, {
        amountMinor: 10_000,
        reason: 'test',
      });
      const created = await api<CreateServerResponse>(owner, 'POST', '/api/server/create', {
        tariffId: 1,
        osId: 1,
      });
      const server = (
        await waitUntil(
          () => api<ServerView>(owner, 'GET', `/api/server/${created.body.server.id}`),
          (result) => result.body.status === 'running' && !result.body.activeOperation,
        )
      ).body;

      const ready = await smtp.waitFor(
        (mail) => mail.to.includes(owner.email) && mail.subject.includes('is ready'),
      );
      expect(ready.subject).toBe(`Your server ${server.hostname} is ready`);
      expect(ready.from).toBe('panel@hostdeck.test');
      expect(ready.headers['from']).toBe('Hostdeck Test <panel@hostdeck.test>');
      expect(ready.headers['to']).toBe(owner.email);
      expect(ready.auth).toEqual({ user: 'panel', pass: 'smtp-secret' });
      expectBothParts(ready);
      expect(ready.text).toContain(`IP address: ${server.ipAddress}`);
      expect(ready.html).toContain(server.ipAddress as string);
      expect(ready.text).toContain(`https://panel.example.test/servers/${server.id}`);
      expect(ready.raw).not.toContain(created.body.rootPassword);

      await sim.pinLoad(server.vmid as number, { cpu: 0.96 });
      await t.app.get(MonitoringService).sweepNow();
      const alert = await smtp.waitFor(
        (mail) => mail.to.includes(owner.email) && mail.subject.startsWith('CPU above'),
      );
      expect(alert.subject).toBe(`CPU above 90% on ${server.hostname}`);
      expectBothParts(alert);
      expect(alert.text).toMatch(/CPU usage is \d+\.\d%, above the 90% threshold\./);
      expect(alert.html).toMatch(/CPU usage is \d+\.\d%, above the 90% threshold\./);
      expect(alert.text).toContain(`https://panel.example.test/servers/${server.id}/stats`);

      await sim.pinLoad(server.vmid as number, { cpu: 0.2 });
      await t.app.get(MonitoringService).sweepNow();
      const recovered = await smtp.waitFor(
        (mail) => mail.to.includes(owner.email) && mail.subject.startsWith('CPU back to normal'),
      );
      expectBothParts(recovered);
      expect(recovered.text).toMatch(/CPU usage is down to \d+\.\d%\./);

      const outbox = await waitUntil(
        () => outboxFor(owner.email),
        (items) => items.length === 3 && items.every((item) => item.status === 'sent'),
      );
      expect(outbox.map((item) => item.attempts)).toEqual([1, 1, 1]);
      expect(outbox.every((item) => item.sentAt !== null && item.lastError === null)).toBe(true);
      expect(
        (await api<OutboxPage>(await admin(), 'GET', '/api/admin/outbox?pageSize=1')).body.mode,
      ).toBe('smtp');
    });

    it('mails ticket messages to the other side', async () => {
      const customer = await account();
      const support = await account('support');
      const ticket = await api<TicketDetail>(customer, 'POST', '/api/tickets', {
        subject: 'Mail me back',
        body: 'First message',
      });
      const opened = await smtp.waitFor(
        (mail) =>
          mail.to.includes(support.email) &&
          mail.subject === `[Ticket #${ticket.body.id}] New: Mail me back`,
      );
      expectBothParts(opened);
      expect(opened.text).toContain(`${customer.email} opened a ticket:`);
      expect(opened.text).toContain('> First message');

      await api(support, 'POST', `/api/tickets/${ticket.body.id}/messages`, {
        body: 'Here is the answer.\nSecond line.',
      });
      const reply = await smtp.waitFor(
        (mail) => mail.to.includes(customer.email) && mail.subject.includes('New reply'),
      );
      expect(reply.subject).toBe(`[Ticket #${ticket.body.id}] New reply: Mail me back`);
      expectBothParts(reply);
      expect(reply.text).toContain('> Here is the answer.\n> Second line.');
      expect(reply.html).toContain('Here is the answer.<br>Second line.');
      expect(reply.text).toContain(`https://panel.example.test/tickets/${ticket.body.id}`);

      await api(support, 'POST', `/api/tickets/${ticket.body.id}/messages`, {
        body: 'internal only',
        isInternal: true,
      });
      await api(customer, 'POST', `/api/tickets/${ticket.body.id}/messages`, { body: 'Thanks!' });
      const back = await smtp.waitFor(
        (mail) =>
          mail.to.includes(support.email) &&
          mail.subject === `[Ticket #${ticket.body.id}] New reply: Mail me back`,
      );
      expect(back.text).toContain(`https://panel.example.test/staff/tickets/${ticket.body.id}`);
      await sleep(300);
      const toCustomer = smtp.messages.filter(
        (mail) => mail.to.includes(customer.email) && mail.subject !== 'Welcome to Hostdeck',
      );
      expect(toCustomer).toHaveLength(1);
      expect(smtp.messages.some((mail) => mail.raw.includes('internal only'))).toBe(false);
    });

    it('retries while SMTP refuses or is down, delivers when it is back, and lets admins resend a failed mail', async () => {
      const customer = await account();
      const mail = t.app.get(MailService);
      const row = async (id: number) =>
        (await api<OutboxMailDetail>(await admin(), 'GET', `/api/admin/outbox/${id}`)).body;

      // Refused with a temporary error: kept with the error, retried, delivered.
      smtp.rejectWith = 'greylisted, try again later';
      const refusedId = (await mail.sendToUser(customer.id, 'welcome', {
        email: customer.email,
      })) as number;
      const afterRefusal = await waitUntil(
        () => row(refusedId),
        (value) => value.attempts >= 1 && value.lastError !== null,
      );
      expect(afterRefusal.status).toMatch(/queued|sending/);
      expect(afterRefusal.lastError).toContain('451');
      expect(afterRefusal.nextAttemptAt).not.toBeNull();
      smtp.rejectWith = null;
      const welcome = await smtp.waitFor(
        (received) =>
          received.to.includes(customer.email) && received.subject === 'Welcome to Hostdeck',
      );
      expectBothParts(welcome);
      const delivered = await waitUntil(
        () => row(refusedId),
        (value) => value.status === 'sent',
      );
      expect(delivered.attempts).toBeGreaterThanOrEqual(2);
      expect(delivered.lastError).toBeNull();

      // The server is down altogether: connection refused, then back on the same port.
      const port = smtp.port;
      await smtp.stop();
      const downId = (await mail.sendToUser(customer.id, 'check-rejected', {
        checkId: 7,
        amountMinor: 1999,
        reason: 'The receipt is unreadable',
      })) as number;
      const whileDown = await waitUntil(
        () => row(downId),
        (value) => value.lastError !== null,
      );
      expect(whileDown.lastError).toMatch(/ECONNREFUSED|connect/i);
      await smtp.start(port);
      const rejected = await smtp.waitFor(
        (received) => received.subject === 'Payment of 19.99 rejected',
      );
      expect(rejected.text).toContain('Reason: The receipt is unreadable');
      await waitUntil(
        () => row(downId),
        (value) => value.status === 'sent',
      );

      // Refused on every attempt: failed after MAIL_MAX_ATTEMPTS (3), kept; an admin resends it.
      smtp.rejectWith = 'mailbox busy';
      const failedId = (await mail.sendToUser(customer.id, 'payment-reminder', {
        balanceMinor: 150,
        dailyChargeMinor: 100,
        daysLeft: 1,
      })) as number;
      const failed = await waitUntil(
        () => row(failedId),
        (value) => value.status === 'failed',
      );
      expect(failed).toMatchObject({ attempts: 3, nextAttemptAt: null, sentAt: null });
      expect(failed.lastError).toContain('mailbox busy');
      const failedList = await api<OutboxPage>(
        await admin(),
        'GET',
        '/api/admin/outbox?status=failed',
      );
      expect(failedList.body.items.map((item) => item.id)).toContain(failedId);
      smtp.rejectWith = null;
      const resent = await api<OutboxMailSummary>(
        await admin(),
        'POST',
        `/api/admin/outbox/${failedId}/resend`,
      );
      expect(resent.status).toBe(200);
      expect(resent.body).toMatchObject({ id: failedId, attempts: expect.any(Number) });
      const reminder = await smtp.waitFor(
        (received) => received.subject === 'Your balance covers 1 more day',
      );
      expect(reminder.text).toContain('Your servers cost 1.00 a day and your balance is 1.50.');
      const resentRow = await waitUntil(
        () => row(failedId),
        (value) => value.status === 'sent',
      );
      expect(resentRow.attempts).toBe(1);
    });
  });

  it('loses no mail across an API restart: what was queued goes out from the next process', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hostdeck-mail-restart-'));
    const scratch =
      kind === 'mariadb'
        ? await createScratchDatabase(process.env['TEST_DATABASE_URL'] as string)
        : undefined;
    const port = await TestSmtpServer.freePort();
    const env = {
      DATA_DIR: dataDir,
      DATABASE_URL: scratch ? scratch.url : `sqlite:${join(dataDir, 'restart.sqlite')}`,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(port),
      MAIL_POLL_SECONDS: '1',
      MAIL_RETRY_BASE_SECONDS: '1',
    };
    const smtp = new TestSmtpServer();
    let first: TestApp | undefined;
    let second: TestApp | undefined;
    try {
      const firstApp = await startTestApp('sqlite', env);
      first = firstApp;
      const id = (await firstApp.app
        .get(MailService)
        .sendToAddress('survivor@example.com', 'welcome', {
          email: 'survivor@example.com',
        })) as number;
      const firstAdmin = await helpers(() => firstApp, kind, 'rs').admin();
      await waitUntil(
        () =>
          http<OutboxMailDetail>(firstApp.baseUrl, 'GET', `/api/admin/outbox/${id}`, {
            token: firstAdmin.token,
          }),
        (result) => result.body.lastError !== null && result.body.status !== 'sending',
      );
      await firstApp.close();
      first = undefined;

      await smtp.start(port);
      const secondApp = await startTestApp('sqlite', env);
      second = secondApp;
      const arrived = await smtp.waitFor((mail) => mail.to.includes('survivor@example.com'));
      expect(arrived.subject).toBe('Welcome to Hostdeck');
      const secondAdmin = await helpers(() => secondApp, kind, 'rs2').admin();
      const row = await waitUntil(
        () =>
          http<OutboxMailDetail>(secondApp.baseUrl, 'GET', `/api/admin/outbox/${id}`, {
            token: secondAdmin.token,
          }),
        (result) => result.body.status === 'sent',
      );
      expect(row.body.attempts).toBeGreaterThanOrEqual(2);
      expect(smtp.messages.filter((mail) => mail.to.includes('survivor@example.com'))).toHaveLength(
        1,
      );
    } finally {
      await first?.close();
      await second?.close();
      await smtp.stop();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
