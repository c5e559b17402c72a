import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { DataSource, Not, IsNull } from 'typeorm';

import { ENTITIES } from '../src/database/entities';
import { AuditLog } from '../src/modules/audit/entities/audit-log.entity';
import { Transaction } from '../src/modules/billing/entities/transaction.entity';
import { Server } from '../src/modules/servers/entities/server.entity';
import { User } from '../src/modules/users/entities/user.entity';
import { sleep } from '../src/testing/eventually';
import { FuzzRequest, fuzzCases, isApiErrorBody } from '../src/testing/fuzz-cases';
import {
  fetchOpenApi,
  listOperations,
  OpenApiDocument,
  RouteOperation,
} from '../src/testing/openapi-routes';
import { fuzzSeed, SeededRandom } from '../src/testing/seeded-random';
import { databaseKinds, startTestApp, TestApp } from '../src/testing/test-app';
import { buildTestWorld, TestWorld, TINY_PNG } from '../src/testing/test-world';

/**
 * Schema-driven fuzz of every operation in the Swagger JSON, as a customer and as an admin.
 * Each route gets a request that fits its schema and then mutations of it (see fuzz-cases.ts).
 * Pass: never a 5xx, never a hang, every error in the one shape {statusCode, error, message},
 * and a request answered 4xx changes nothing: row counts of every table (the audit log aside:
 * refused logins are recorded on purpose), every balance, the ledger sum, the files on disk.
 *
 * The seed is printed; FUZZ_SEED=<n> replays a run. FUZZ_CASES sets the cases per route and
 * caller (default 30, so at most 62 a route with the two router-level cases).
 */
const SEED = fuzzSeed();
const CASES_PER_ACTOR = Number.parseInt(process.env['FUZZ_CASES'] ?? '30', 10);
const REQUEST_TIMEOUT_MS = 15_000;
/** On MariaDB every request also costs a fingerprint of 18 tables; keep that run shorter. */
const MARIADB_SHARE = 0.3;

/**
 * Problems found in files this suite's authors may not change, reported to their owners. They
 * are printed on every run (never hidden) but do not fail it; delete an entry once it is fixed.
 */
const KNOWN_ELSEWHERE: { pattern: RegExp; where: string }[] = [];

interface Sent {
  status: number;
  body: unknown;
}

async function send(baseUrl: string, token: string, request: FuzzRequest): Promise<Sent> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  let payload: string | FormData | undefined;
  if (request.body?.kind === 'json') {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(request.body.value);
  } else if (request.body?.kind === 'raw') {
    headers['content-type'] = request.body.contentType;
    payload = request.body.text;
  } else if (request.body?.kind === 'form') {
    const form = new FormData();
    for (const [name, value] of Object.entries(request.body.fields)) form.append(name, value);
    for (const [name, file] of Object.entries(request.body.files))
      form.append(name, new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
    payload = form;
  }
  const response = await fetch(`${baseUrl}${request.path}${request.query}`, {
    method: request.method,
    headers,
    body: payload,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (attachments, receipts): keep the text.
  }
  return { status: response.status, body };
}

describe.each(databaseKinds())('schema-driven fuzz of every route on %s', (kind) => {
  let t: TestApp;
  let w: TestWorld;
  let doc: OpenApiDocument;
  let routes: RouteOperation[];
  let victimServerId: number;
  let victimTariffId: number;
  let victimOsId: number;

  beforeAll(async () => {
    console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays this run)`);
    t = await startTestApp(kind, {
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      MONITORING_INTERVAL_SECONDS: '3600',
    });
    w = await buildTestWorld(t, 'fz9owner');
    victimServerId = await w.freshServer();
    victimTariffId = await w.freshTariff();
    victimOsId = await w.freshOs();
    doc = await fetchOpenApi(t.baseUrl);
    routes = listOperations(doc);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  /** Real ids for each route's path parameters; deleting routes get objects of their own. */
  function realParams(route: RouteOperation): Record<string, number> {
    const { path, method } = route;
    const id = (() => {
      if (path.startsWith('/api/server/'))
        return method === 'DELETE' && path === '/api/server/{id}' ? victimServerId : w.serverId;
      if (path.startsWith('/api/tickets/')) return w.ticketId;
      if (path.startsWith('/api/admin/checks/')) return w.checkId;
      if (path.startsWith('/api/notifications/')) return w.notificationId;
      if (path.startsWith('/api/admin/tariffs/'))
        return method === 'DELETE' ? victimTariffId : w.tariffId;
      if (path.startsWith('/api/admin/os/')) return method === 'DELETE' ? victimOsId : w.osId;
      if (path.startsWith('/api/admin/users/')) return w.accounts.spare.id;
      if (path.startsWith('/api/admin/outbox/')) return w.outboxId;
      return 1;
    })();
    return { id, messageId: w.attachmentMessageId };
  }

  /** What a rejected request must not change. */
  async function fingerprint(): Promise<string> {
    const data = t.app.get(DataSource);
    const counts: Record<string, number> = {};
    for (const entity of ENTITIES) {
      if (entity === AuditLog) continue;
      counts[data.getMetadata(entity).tableName] = await data.getRepository(entity).count();
    }
    const balances = await data.getRepository(User).find({
      select: { id: true, balanceMinor: true },
      order: { id: 'ASC' },
    });
    const ledger = (await data.getRepository(Transaction).sum('amountMinor')) ?? 0;
    const files = ['receipts', 'attachments'].map((dir) => {
      try {
        return readdirSync(join(t.dataDir, dir)).length;
      } catch {
        return 0;
      }
    });
    return JSON.stringify({
      counts,
      balances: balances.map((user) => [user.id, Number(user.balanceMinor)]),
      ledger: Number(ledger),
      files,
    });
  }

  /** After a request that did something: wait for its background work to end. */
  async function quiesce(): Promise<string> {
    const servers = t.app.get(DataSource).getRepository(Server);
    const deadline = Date.now() + 30_000;
    let previous = '';
    for (;;) {
      const busy = await servers.count({ where: { activeOperationId: Not(IsNull()) } });
      const current = await fingerprint();
      if (busy === 0 && current === previous) return current;
      if (Date.now() > deadline) return current;
      previous = current;
      await sleep(busy ? 100 : 60);
    }
  }

  it('never answers 5xx, never hangs, always errs in one shape, and changes nothing when it refuses', async () => {
    const root = new SeededRandom(SEED);
    const perActor =
      kind === 'mariadb'
        ? Math.max(5, Math.round(CASES_PER_ACTOR * MARIADB_SHARE))
        : CASES_PER_ACTOR;
    const validFile = { name: 'receipt.png', data: TINY_PNG, type: 'image/png' };
    const problems: string[] = [];
    const statuses: Record<string, number> = {};
    let total = 0;
    let state = await quiesce();

    for (const route of routes) {
      for (const actor of ['owner', 'admin'] as const) {
        const rng = root.fork(`${route.key} as ${actor}`);
        const cases = fuzzCases(doc, route, realParams(route), rng, perActor, validFile);
        if (actor === 'owner' && route.path.includes('{id}'))
          // Router-level answers, before any Nest code: a broken %-escape and an over-long id.
          cases.push(
            ...['%E0%A4%A', 'x'.repeat(150)].map((id) => ({
              name: `path id ${id.slice(0, 12)}`,
              method: route.method,
              path: route.path.replace('{id}', id).replace('{messageId}', '1'),
              query: '',
            })),
          );
        for (const request of cases) {
          total++;
          const label = `${route.key} as ${actor}: ${request.name} → ${request.method} ${request.path.slice(0, 120)}${request.query.slice(0, 60)}`;
          let sent: Sent;
          try {
            sent = await send(t.baseUrl, w.accounts[actor].token, request);
          } catch (error) {
            problems.push(
              `${label}: no answer (${(error as Error).name}: ${(error as Error).message})`,
            );
            state = await quiesce();
            continue;
          }
          statuses[String(sent.status)] = (statuses[String(sent.status)] ?? 0) + 1;
          if (sent.status >= 500)
            problems.push(`${label}: ${sent.status} ${JSON.stringify(sent.body).slice(0, 300)}`);
          if (sent.status >= 400 && !isApiErrorBody(sent.body, sent.status))
            problems.push(
              `${label}: error body not in the one shape: ${JSON.stringify(sent.body).slice(0, 300)}`,
            );
          if (sent.status >= 400 && sent.status < 500) {
            const after = await fingerprint();
            if (after !== state) {
              problems.push(
                `${label}: refused with ${sent.status} but changed ${state} → ${after}`,
              );
              state = await quiesce();
            }
          } else if (request.method === 'GET' && sent.status < 300) {
            // A read changes nothing to wait for.
            state = await fingerprint();
          } else {
            state = await quiesce();
          }
        }
      }
    }
    const known = problems.filter((problem) =>
      KNOWN_ELSEWHERE.some((issue) => issue.pattern.test(problem)),
    );
    for (const issue of KNOWN_ELSEWHERE) {
      const seen = known.filter((problem) => issue.pattern.test(problem));
      if (seen.length > 0)
        console.warn(
          `known problem in ${issue.where}, seen ${seen.length}×, e.g. ${seen[0].slice(0, 400)}`,
        );
    }
    console.log(
      `fuzz on ${kind}: ${total} requests over ${routes.length} routes (seed ${SEED}); statuses ${JSON.stringify(statuses)}`,
    );
    expect(problems.filter((problem) => !known.includes(problem))).toEqual([]);
  }, 600_000);
});
