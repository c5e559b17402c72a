import type {
  CheckView,
  CreateServerResponse,
  LoginResponse,
  Page,
  ServerView,
  TicketDetail,
} from '@hostdeck/contracts';
import { RECEIPT_FIELD, TICKET_ATTACHMENT_FIELD } from '@hostdeck/contracts';

import { NotificationsService } from '../modules/notifications/notifications.service';
import { sleep } from './eventually';
import { http, HttpResult, newCustomer, TestApp } from './test-app';

/** The callers the robustness suites compare. */
export const ACTORS = ['none', 'owner', 'other', 'support', 'admin'] as const;
export type Actor = (typeof ACTORS)[number];

export interface Account {
  id: number;
  email: string;
  password: string;
  token: string;
}

/** A PNG that the receipt and attachment checks accept by content. */
export const TINY_PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);

/**
 * Real objects for every kind of path parameter, owned by `owner`: a running server with a
 * snapshot, a ticket with an attachment, a pending payment check, a notification, and for the
 * admin routes a tariff, an OS and a mail in the outbox. Every text the owner wrote carries
 * `marker`, so a response to someone else that contains it leaked the owner's data.
 */
export interface TestWorld {
  baseUrl: string;
  marker: string;
  accounts: Record<Exclude<Actor, 'none'>, Account> & { spare: Account };
  serverId: number;
  snapshotName: string;
  ticketId: number;
  attachmentMessageId: number;
  checkId: number;
  notificationId: number;
  tariffId: number;
  osId: number;
  outboxId: number;
  token(actor: Actor): string | undefined;
  /** A new running server of the owner (for routes that destroy or suspend one). */
  freshServer(): Promise<number>;
  /** A new snapshot of the shared server (for routes that delete one). */
  freshSnapshot(): Promise<string>;
  /** A new pending check of the owner (for approve and reject). */
  freshCheck(): Promise<number>;
  freshTariff(): Promise<number>;
  freshOs(): Promise<number>;
  /** Waits until the server has no running operation; returns its view. */
  settle(serverId: number, timeoutMs?: number): Promise<ServerView>;
}

const PASSWORD = 'a-good-password';

/** A multipart POST as a browser's FormData sends it. */
export async function postForm<T = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  token: string | undefined,
  fields: Record<string, string>,
  file?: { field: string; name: string; data: Buffer; type?: string },
): Promise<HttpResult<T>> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) {
    form.append(
      file.field,
      new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }),
      file.name,
    );
  }
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

function must<T>(response: HttpResult<T>, status: number, what: string): T {
  if (response.status !== status)
    throw new Error(
      `${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`,
    );
  return response.body;
}

export async function buildTestWorld(t: TestApp, marker: string): Promise<TestWorld> {
  const api = <T = Record<string, unknown>>(
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
  ) => http<T>(t.baseUrl, method, path, { token, body });

  const adminLogin = must(
    await api<LoginResponse>(undefined, 'POST', '/api/auth/login', t.admin),
    200,
    'admin login',
  );
  const admin: Account = {
    id: adminLogin.user.id,
    email: t.admin.email,
    password: t.admin.password,
    token: adminLogin.accessToken,
  };
  const customer = async (label: string, balanceMinor: number): Promise<Account> => {
    const created = await newCustomer(t, balanceMinor, label);
    return { ...created, password: PASSWORD };
  };
  const owner = await customer(marker, 1_000_000);
  const other = await customer('intruder', 1_000_000);
  const spare = await customer('spare', 0);
  const staff = await customer('helper', 0);
  must(
    await api(admin.token, 'PATCH', `/api/admin/users/${staff.id}/role`, { role: 'support' }),
    200,
    'make support',
  );
  const supportLogin = must(
    await api<LoginResponse>(undefined, 'POST', '/api/auth/login', {
      email: staff.email,
      password: PASSWORD,
    }),
    200,
    'support login',
  );
  const support: Account = { ...staff, token: supportLogin.accessToken };

  const settle = async (serverId: number, timeoutMs = 30_000): Promise<ServerView> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const view = await api<ServerView>(admin.token, 'GET', `/api/server/${serverId}`);
      if (view.status === 404) throw new Error(`server ${serverId} is gone`);
      if (!view.body.activeOperation && view.body.status !== 'creating') return view.body;
      if (Date.now() > deadline)
        throw new Error(`server ${serverId} still busy: ${JSON.stringify(view.body)}`);
      await sleep(50);
    }
  };

  let serial = 0;
  const freshServer = async (): Promise<number> => {
    const created = must(
      await api<CreateServerResponse>(owner.token, 'POST', '/api/server/create', {
        tariffId: 1,
        osId: 1,
        hostname: `${marker}-${++serial}`,
      }),
      202,
      'create server',
    );
    const ready = await settle(created.server.id);
    if (ready.status !== 'running') throw new Error(`server ended ${ready.status}`);
    return created.server.id;
  };
  const serverId = await freshServer();

  const freshSnapshot = async (): Promise<string> => {
    const name = `${marker}s${++serial}`;
    must(
      await api(owner.token, 'POST', `/api/server/${serverId}/snapshots`, {
        name,
        description: `${marker} snapshot`,
      }),
      202,
      'create snapshot',
    );
    await settle(serverId);
    return name;
  };
  const snapshotName = await freshSnapshot();

  const ticket = must(
    await postForm<TicketDetail>(
      t.baseUrl,
      '/api/tickets',
      owner.token,
      { subject: `${marker} cannot log in`, body: `${marker} details` },
      {
        field: TICKET_ATTACHMENT_FIELD,
        name: `${marker}.log`,
        data: Buffer.from(`${marker} log line\n`),
        type: 'text/plain',
      },
    ),
    201,
    'open ticket',
  );
  const attachmentMessage = ticket.messages.find((message) => message.attachment);
  if (!attachmentMessage) throw new Error('the ticket has no attachment');

  const freshCheck = async (): Promise<number> =>
    must(
      await postForm<CheckView>(
        t.baseUrl,
        '/api/billing/checks',
        owner.token,
        { amountMinor: '1234' },
        { field: RECEIPT_FIELD, name: `${marker}.png`, data: TINY_PNG, type: 'image/png' },
      ),
      201,
      'submit check',
    ).id;
  const checkId = await freshCheck();

  const notification = await t.app.get(NotificationsService).notify({
    userId: owner.id,
    kind: 'ticket',
    title: `${marker} notice`,
    body: `${marker} notice body`,
  });
  if (!notification) throw new Error('no notification stored');

  const freshTariff = async (): Promise<number> =>
    must(
      await api<{ id: number }>(admin.token, 'POST', '/api/admin/tariffs', {
        name: `Tariff ${++serial}`,
        priceMonthlyMinor: 900,
        cores: 1,
        memoryMb: 512,
        diskGb: 5,
      }),
      201,
      'create tariff',
    ).id;
  const freshOs = async (): Promise<number> =>
    must(
      await api<{ id: number }>(admin.token, 'POST', '/api/admin/os', {
        name: `OS ${++serial}`,
        templateVolid: `local:vztmpl/world-${serial}_amd64.tar.zst`,
      }),
      201,
      'create os',
    ).id;
  const tariffId = await freshTariff();
  const osId = await freshOs();

  const outbox = must(
    await api<Page<{ id: number }>>(admin.token, 'GET', '/api/admin/outbox'),
    200,
    'outbox',
  );
  if (outbox.items.length === 0) throw new Error('the outbox is empty');

  const accounts = { owner, other, support, admin, spare };
  return {
    baseUrl: t.baseUrl,
    marker,
    accounts,
    serverId,
    snapshotName,
    ticketId: ticket.id,
    attachmentMessageId: attachmentMessage.id,
    checkId,
    notificationId: notification.id,
    tariffId,
    osId,
    outboxId: outbox.items[0].id,
    token: (actor) => (actor === 'none' ? undefined : accounts[actor].token),
    freshServer,
    freshSnapshot,
    freshCheck,
    freshTariff,
    freshOs,
    settle,
  };
}
