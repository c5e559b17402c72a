import type { LoginResponse } from '@hostdeck/contracts';
import { RECEIPT_FIELD } from '@hostdeck/contracts';

import { eventually } from '../src/testing/eventually';
import {
  compareRoutes,
  fetchOpenApi,
  fillPath,
  listOperations,
  RouteOperation,
} from '../src/testing/openapi-routes';
import { databaseKinds, http, HttpResult, startTestApp, TestApp } from '../src/testing/test-app';
import { buildTestWorld, postForm, TestWorld, TINY_PNG } from '../src/testing/test-world';
import type { Actor } from '../src/testing/test-world';

/**
 * The authorization matrix: every operation in the Swagger JSON × every kind of caller, on real
 * objects owned by one customer ("owner").
 *
 * A cell is 401, 403 or 404 exactly, or 'ok'. 'ok' means the guards let the call through: the
 * answer is 2xx, or one that only the handler or its validation can give after both guards ran
 * (400 validation, 402 balance, 409 state conflict, 413, 415). 404 is never 'ok': every request
 * names objects that exist, so a 404 can only mean "not yours". 401, 403, 429 and 5xx are never
 * 'ok'. The requests are built to succeed where the caller is admitted, so most 'ok' cells are
 * 2xx; the suite prints the ones that were not.
 *
 * Foreign objects answer 404, never 403 (403 only where the role itself is not enough, which
 * reveals nothing about the object). No response to the other customer or an anonymous caller
 * may contain the owner's marker text (email, hostnames, ticket text, snapshot names).
 */
type Cell = 'ok' | 401 | 403 | 404;
type Policy = Record<Actor, Cell>;

const ADMITTED = new Set([400, 402, 409, 413, 415]);

/** Anyone, signed in or not. */
const PUBLIC: Policy = { none: 'ok', owner: 'ok', other: 'ok', support: 'ok', admin: 'ok' };
/** Any signed-in user, on their own data. */
const SIGNED_IN: Policy = { none: 401, owner: 'ok', other: 'ok', support: 'ok', admin: 'ok' };
/** The owner's object; support and admins see it (and for servers: power and console). */
const OWNER_OR_STAFF: Policy = { none: 401, owner: 'ok', other: 404, support: 'ok', admin: 'ok' };
/** The owner's server, changed: support sees it but may not change it. */
const OWNER_OR_ADMIN: Policy = { none: 401, owner: 'ok', other: 404, support: 403, admin: 'ok' };
/** Strictly personal: nobody else, not even staff, sees it. */
const OWNER_ONLY: Policy = { none: 401, owner: 'ok', other: 404, support: 404, admin: 404 };
const STAFF_ONLY: Policy = { none: 401, owner: 403, other: 403, support: 'ok', admin: 'ok' };
const ADMIN_ONLY: Policy = { none: 401, owner: 403, other: 403, support: 403, admin: 'ok' };

interface CellContext {
  w: TestWorld;
  actor: Actor;
  /** The table expects this caller to be let through (so destructive rows use a fresh object). */
  isAdmitted: boolean;
}

interface CellRequest {
  params?: Record<string, string | number>;
  query?: Record<string, string>;
  body?: unknown;
  form?: { fields: Record<string, string>; file?: { field: string; name: string; data: Buffer } };
  /** Runs after the request (e.g. waits for the operation it started). */
  after?: (response: HttpResult) => Promise<void>;
}

interface Row {
  policy: Policy;
  request?: (context: CellContext) => CellRequest | Promise<CellRequest>;
}

let unique = 0;
const server = ({ w }: CellContext): CellRequest => ({
  params: { id: w.serverId },
  after: async () => void (await w.settle(w.serverId)),
});
/** The shared server in the given power state first, when the caller will act on it. */
const serverIn =
  (state: 'running' | 'stopped') =>
  async (context: CellContext): Promise<CellRequest> => {
    if (context.isAdmitted) await powerTo(context.w, state);
    return server(context);
  };
const freshServer = async ({ w, isAdmitted }: CellContext): Promise<CellRequest> => {
  const id = isAdmitted ? await w.freshServer() : w.serverId;
  return { params: { id }, after: async () => void (await w.settle(id)) };
};
const ticket = ({ w }: CellContext): CellRequest => ({ params: { id: w.ticketId } });
const loginAs = async (w: TestWorld, actor: Actor) => {
  const account = actor === 'none' ? w.accounts.spare : w.accounts[actor];
  const login = await http<LoginResponse>(w.baseUrl, 'POST', '/api/auth/login', {
    body: { email: account.email, password: account.password },
  });
  return login.body;
};

async function powerTo(w: TestWorld, state: 'running' | 'stopped'): Promise<void> {
  const view = await w.settle(w.serverId);
  if (view.status === state) return;
  const action = state === 'running' ? 'start' : 'stop?force=true';
  const response = await http(w.baseUrl, 'POST', `/api/server/${w.serverId}/${action}`, {
    token: w.accounts.admin.token,
  });
  const settled = await w.settle(w.serverId);
  if (settled.status !== state)
    throw new Error(
      `server is ${settled.status}, wanted ${state}: ${response.status} ${JSON.stringify(response.body)} then ${JSON.stringify(settled)}`,
    );
}

/** One row per operation: `METHOD /path` as Swagger spells it. */
const MATRIX: Record<string, Row> = {
  'POST /api/auth/register': {
    policy: PUBLIC,
    request: () => ({
      body: { email: `matrix${++unique}@example.com`, password: 'long-enough-pw' },
    }),
  },
  'POST /api/auth/login': {
    policy: PUBLIC,
    request: ({ w }) => ({
      body: { email: w.accounts.spare.email, password: w.accounts.spare.password },
    }),
  },
  'POST /api/auth/refresh': {
    policy: PUBLIC,
    request: async ({ w }) => ({
      body: { refreshToken: (await loginAs(w, 'none')).refreshToken },
    }),
  },
  'POST /api/auth/logout': {
    policy: SIGNED_IN,
    request: async ({ w, actor }) => ({
      body: actor === 'none' ? {} : { refreshToken: (await loginAs(w, actor)).refreshToken },
    }),
  },
  'GET /api/auth/me': { policy: SIGNED_IN },
  // A wrong current password: let through to the check (400), and no account changes.
  'POST /api/auth/password': {
    policy: SIGNED_IN,
    request: () => ({
      body: { currentPassword: 'not-the-password', newPassword: 'another-long-pw' },
    }),
  },

  'GET /api/admin/outbox': { policy: ADMIN_ONLY },
  'GET /api/admin/outbox/{id}': {
    policy: ADMIN_ONLY,
    request: ({ w }) => ({ params: { id: w.outboxId } }),
  },
  'POST /api/admin/outbox/{id}/resend': {
    policy: ADMIN_ONLY,
    request: ({ w }) => ({ params: { id: w.outboxId } }),
  },
  'GET /api/admin/audit': { policy: ADMIN_ONLY },

  'GET /api/tariffs': { policy: SIGNED_IN },
  'GET /api/os': { policy: SIGNED_IN },
  'GET /api/admin/tariffs': { policy: ADMIN_ONLY },
  'POST /api/admin/tariffs': {
    policy: ADMIN_ONLY,
    request: () => ({
      body: { name: `M${++unique}`, priceMonthlyMinor: 700, cores: 1, memoryMb: 512, diskGb: 5 },
    }),
  },
  'PATCH /api/admin/tariffs/{id}': {
    policy: ADMIN_ONLY,
    request: ({ w }) => ({ params: { id: w.tariffId }, body: { priceMonthlyMinor: 950 } }),
  },
  'DELETE /api/admin/tariffs/{id}': {
    policy: ADMIN_ONLY,
    request: async ({ w, isAdmitted }) => ({
      params: { id: isAdmitted ? await w.freshTariff() : w.tariffId },
    }),
  },
  'GET /api/admin/os': { policy: ADMIN_ONLY },
  'POST /api/admin/os': {
    policy: ADMIN_ONLY,
    request: () => ({
      body: {
        name: `M${++unique}`,
        templateVolid: `local:vztmpl/matrix-${unique}_amd64.tar.zst`,
      },
    }),
  },
  'PATCH /api/admin/os/{id}': {
    policy: ADMIN_ONLY,
    request: ({ w }) => ({ params: { id: w.osId }, body: { name: `Renamed ${++unique}` } }),
  },
  'DELETE /api/admin/os/{id}': {
    policy: ADMIN_ONLY,
    request: async ({ w, isAdmitted }) => ({
      params: { id: isAdmitted ? await w.freshOs() : w.osId },
    }),
  },

  'GET /api/admin/users': { policy: STAFF_ONLY },
  'PATCH /api/admin/users/{id}/role': {
    policy: ADMIN_ONLY,
    request: ({ w }) => ({ params: { id: w.accounts.spare.id }, body: { role: 'customer' } }),
  },
  'POST /api/admin/users/{id}/balance': {
    policy: ADMIN_ONLY,
    request: ({ w }) => ({
      params: { id: w.accounts.spare.id },
      body: { amountMinor: 1, reason: 'matrix' },
    }),
  },

  'GET /api/health': { policy: PUBLIC },
  'GET /api/health/live': { policy: PUBLIC },
  'GET /api/health/ready': { policy: PUBLIC },

  'GET /api/server': { policy: SIGNED_IN },
  'POST /api/server/create': {
    policy: SIGNED_IN,
    request: ({ w }) => ({
      body: { tariffId: 1, osId: 1 },
      after: async (response) => {
        const id = (response.body as { server?: { id: number } }).server?.id;
        if (response.status === 202 && id) await w.settle(id);
      },
    }),
  },
  'POST /api/server/console': {
    policy: OWNER_OR_STAFF,
    request: async ({ w, isAdmitted }) => {
      if (isAdmitted) await powerTo(w, 'running');
      return { body: { serverId: w.serverId } };
    },
  },
  'GET /api/server/{id}': { policy: OWNER_OR_STAFF, request: server },
  'GET /api/server/{id}/status': { policy: OWNER_OR_STAFF, request: server },
  'GET /api/server/{id}/alerts': { policy: OWNER_OR_STAFF, request: server },
  'GET /api/admin/servers': {
    policy: STAFF_ONLY,
    request: ({ w }) => ({ query: { ownerId: String(w.accounts.owner.id) } }),
  },
  'GET /api/server/{id}/stats/history': {
    policy: OWNER_OR_STAFF,
    request: (context) => ({ ...server(context), query: { range: '24h' } }),
  },
  'POST /api/server/{id}/start': { policy: OWNER_OR_STAFF, request: serverIn('stopped') },
  'POST /api/server/{id}/stop': { policy: OWNER_OR_STAFF, request: serverIn('running') },
  'POST /api/server/{id}/restart': { policy: OWNER_OR_STAFF, request: serverIn('running') },
  'POST /api/server/{id}/suspend': { policy: ADMIN_ONLY, request: freshServer },
  'POST /api/server/{id}/unsuspend': {
    policy: ADMIN_ONLY,
    request: async (context) => {
      const request = await freshServer(context);
      if (context.isAdmitted) {
        const id = request.params?.['id'] as number;
        const suspend = await http(context.w.baseUrl, 'POST', `/api/server/${id}/suspend`, {
          token: context.w.accounts.admin.token,
        });
        const view = await context.w.settle(id);
        if (view.status !== 'suspended')
          throw new Error(`not suspended: ${suspend.status} ${JSON.stringify(view)}`);
      }
      return request;
    },
  },
  'DELETE /api/server/{id}': {
    policy: OWNER_OR_ADMIN,
    request: async (context) => {
      const request = await freshServer(context);
      const id = request.params?.['id'] as number;
      return {
        ...request,
        after: async (response) => {
          if (response.status !== 202) return;
          await eventually(
            () =>
              http(context.w.baseUrl, 'GET', `/api/server/${id}`, {
                token: context.w.accounts.admin.token,
              }),
            (view) => view.status === 404,
            30_000,
          );
        },
      };
    },
  },
  'POST /api/server/{id}/password': { policy: OWNER_OR_ADMIN, request: serverIn('running') },
  'PUT /api/server/{id}/resize': {
    policy: OWNER_OR_ADMIN,
    request: ({ w, actor }) => ({
      ...server({ w, actor, isAdmitted: false }),
      body: { cores: actor === 'owner' ? 2 : 1 },
    }),
  },
  'POST /api/server/{id}/snapshots': {
    policy: OWNER_OR_ADMIN,
    request: (context) => ({ ...server(context), body: { name: `m${++unique}x` } }),
  },
  'GET /api/server/{id}/snapshots': { policy: OWNER_OR_STAFF, request: server },
  'DELETE /api/server/{id}/snapshots': {
    policy: OWNER_OR_ADMIN,
    request: async (context) => ({
      ...server(context),
      query: {
        name: context.isAdmitted ? await context.w.freshSnapshot() : context.w.snapshotName,
      },
    }),
  },
  'POST /api/server/{id}/snapshots/rollback': {
    policy: OWNER_OR_ADMIN,
    request: (context) => ({ ...server(context), body: { name: context.w.snapshotName } }),
  },

  'GET /api/notifications': { policy: SIGNED_IN },
  'GET /api/notifications/unread-count': { policy: SIGNED_IN },
  'POST /api/notifications/read-all': { policy: SIGNED_IN },
  'GET /api/notifications/preferences': { policy: SIGNED_IN },
  'PUT /api/notifications/preferences': {
    policy: SIGNED_IN,
    request: () => ({ body: { isOptionalMailEnabled: true } }),
  },
  'POST /api/notifications/{id}/read': {
    policy: OWNER_ONLY,
    request: ({ w }) => ({ params: { id: w.notificationId } }),
  },

  'GET /api/tickets': { policy: SIGNED_IN },
  'POST /api/tickets': {
    policy: SIGNED_IN,
    request: () => ({ body: { subject: `Matrix ${++unique}`, body: 'Opened by the matrix' } }),
  },
  'GET /api/tickets/{id}': { policy: OWNER_OR_STAFF, request: ticket },
  'PATCH /api/tickets/{id}': {
    policy: STAFF_ONLY,
    request: (context) => ({ ...ticket(context), body: { priority: 'high' } }),
  },
  'POST /api/tickets/{id}/messages': {
    policy: OWNER_OR_STAFF,
    request: (context) => ({ ...ticket(context), body: { body: 'A reply from the matrix' } }),
  },
  'GET /api/tickets/{id}/messages/{messageId}/attachment': {
    policy: OWNER_OR_STAFF,
    request: ({ w }) => ({ params: { id: w.ticketId, messageId: w.attachmentMessageId } }),
  },
  'POST /api/tickets/{id}/close': { policy: OWNER_OR_STAFF, request: ticket },
  'POST /api/tickets/{id}/reopen': { policy: OWNER_OR_STAFF, request: ticket },
  'POST /api/tickets/{id}/assign': {
    policy: STAFF_ONLY,
    request: (context) => ({
      ...ticket(context),
      body: { assigneeId: context.w.accounts.support.id },
    }),
  },

  'GET /api/billing/balance': { policy: SIGNED_IN },
  'GET /api/billing/transactions': { policy: SIGNED_IN },
  'POST /api/billing/checks': {
    policy: SIGNED_IN,
    request: () => ({
      form: {
        fields: { amountMinor: '500' },
        file: { field: RECEIPT_FIELD, name: 'receipt.png', data: TINY_PNG },
      },
    }),
  },
  'GET /api/billing/checks': { policy: SIGNED_IN },
  'GET /api/admin/checks': { policy: STAFF_ONLY },
  'GET /api/admin/checks/{id}/file': {
    policy: OWNER_OR_STAFF,
    request: ({ w }) => ({ params: { id: w.checkId } }),
  },
  'POST /api/admin/checks/{id}/approve': {
    policy: STAFF_ONLY,
    request: async ({ w, isAdmitted }) => ({
      params: { id: isAdmitted ? await w.freshCheck() : w.checkId },
      body: {},
    }),
  },
  'POST /api/admin/checks/{id}/reject': {
    policy: STAFF_ONLY,
    request: async ({ w, isAdmitted }) => ({
      params: { id: isAdmitted ? await w.freshCheck() : w.checkId },
      body: { reason: 'Unreadable' },
    }),
  },
};

/** Foreign and forbidden cells first, so the owner and admin act last on each object. */
const ACTOR_ORDER: Actor[] = ['none', 'other', 'support', 'owner', 'admin'];

describe.each(databaseKinds())('authorization matrix over every route on %s', (kind) => {
  let t: TestApp;
  let w: TestWorld;
  let routes: Map<string, RouteOperation>;
  const notTwoHundred: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(kind, {
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      SERVER_SNAPSHOT_LIMIT: '50',
      SERVER_SHUTDOWN_TIMEOUT_SECONDS: '5',
    });
    w = await buildTestWorld(t, 'zq7owner');
    routes = new Map(listOperations(await fetchOpenApi(t.baseUrl)).map((op) => [op.key, op]));
  }, 120_000);

  afterAll(async () => {
    if (notTwoHundred.length > 0)
      console.log(`admitted cells answered without 2xx:\n  ${notTwoHundred.join('\n  ')}`);
    await t?.close();
  });

  it('has exactly one row per operation in the Swagger JSON', () => {
    const coverage = compareRoutes([...routes.keys()], Object.keys(MATRIX));
    expect({ withoutRow: coverage.withoutRow, withoutRoute: coverage.withoutRoute }).toEqual({
      withoutRow: [],
      withoutRoute: [],
    });
  });

  it.each(Object.keys(MATRIX))('%s', async (key) => {
    const route = routes.get(key);
    if (!route) throw new Error(`${key} is in the matrix but not in the Swagger JSON`);
    const row = MATRIX[key];
    const outcomes: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const actor of ACTOR_ORDER) {
      const cell = row.policy[actor];
      const request = (await row.request?.({ w, actor, isAdmitted: cell === 'ok' })) ?? {};
      const path = fillPath(route.path, request.params ?? {});
      const query = request.query ? `?${new URLSearchParams(request.query).toString()}` : '';
      const token = w.token(actor);
      const response = request.form
        ? await postForm(t.baseUrl, path + query, token, request.form.fields, request.form.file)
        : await http(t.baseUrl, route.method, path + query, { token, body: request.body });
      await request.after?.(response);

      const status = response.status;
      const isOk = (status >= 200 && status < 300) || ADMITTED.has(status);
      if (cell === 'ok' && isOk && status >= 300)
        notTwoHundred.push(`${key} as ${actor}: ${status}`);
      outcomes[actor] = cell === 'ok' ? (isOk ? 'ok' : String(status)) : String(status);
      expected[actor] = String(cell);
      if ((actor === 'other' || actor === 'none') && typeof response.body !== 'undefined') {
        const text =
          typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
        expect([key, actor, text.includes(w.marker) ? 'leaks owner data' : 'clean']).toEqual([
          key,
          actor,
          'clean',
        ]);
      }
    }
    expect(outcomes).toEqual(expected);
  });
});
