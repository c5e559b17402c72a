import { createHmac } from 'node:crypto';

import type { ApiErrorBody, LoginResponse, RegisterResponse, UserPage } from '@hostdeck/contracts';
import { DataSource } from 'typeorm';

import { databaseKinds, http, startTestApp, TestApp } from '../src/testing/test-app';

function base64url(value: object | string): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString(
    'base64url',
  );
}

/** Signs an HS256 JWT by hand, so tests can forge expired or wrongly signed tokens. */
function forgeToken(
  payload: object,
  secret: string,
  header: object = { alg: 'HS256', typ: 'JWT' },
): string {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

function expectErrorShape(body: unknown, statusCode: number): void {
  expect(Object.keys(body as object).sort()).toEqual(['error', 'message', 'statusCode']);
  expect((body as ApiErrorBody).statusCode).toBe(statusCode);
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/\bat .+\.(js|ts):\d+/);
  expect(text).not.toMatch(/\$2[aby]\$/);
}

const EXPECTED_TABLES = [
  'audit_logs',
  'checks',
  'notifications',
  'operating_systems',
  'operations',
  'refresh_tokens',
  'server_metrics',
  'servers',
  'tariffs',
  'ticket_messages',
  'tickets',
  'transactions',
  'users',
];

describe.each(databaseKinds())('auth over HTTP on %s', (kind) => {
  let t: TestApp;
  const password = 'a-long-enough-password';

  beforeAll(async () => {
    t = await startTestApp(kind, { AUTH_RATE_LIMIT_PER_MINUTE: '30' });
  });

  afterAll(async () => {
    await t?.close();
  });

  async function register(email: string) {
    return http<RegisterResponse>(t.baseUrl, 'POST', '/api/auth/register', {
      body: { email, password },
    });
  }

  async function login(email: string, pass = password) {
    return http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', {
      body: { email, password: pass },
    });
  }

  it('runs every migration on an empty database and seeds the catalog and admin', async () => {
    const dataSource = t.app.get(DataSource);
    const tables = (await dataSource.createQueryRunner().getTables()).map((table) =>
      table.name.split('.').pop(),
    );
    for (const name of EXPECTED_TABLES) expect(tables).toContain(name);
    expect(await dataSource.showMigrations()).toBe(false);
    const adminLogin = await login(t.admin.email, t.admin.password);
    expect(adminLogin.status).toBe(200);
    expect(adminLogin.body.user.role).toBe('admin');
    const tariffs = await http<unknown[]>(t.baseUrl, 'GET', '/api/tariffs', {
      token: adminLogin.body.accessToken,
    });
    expect(tariffs.status).toBe(200);
    expect(tariffs.body).toHaveLength(3);
  });

  it('registers, logs in and answers /me with the same user and no secrets', async () => {
    const created = await register('Alice@Example.com');
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      email: 'alice@example.com',
      role: 'customer',
      balanceMinor: 0,
    });
    expect(JSON.stringify(created.body)).not.toMatch(/password|\$2[aby]\$/i);
    const welcome: { recipient?: string; to?: string }[] = await t.app
      .get(DataSource)
      .query(`SELECT * FROM mail_outbox WHERE template = 'welcome'`);
    expect(JSON.stringify(welcome)).toContain('alice@example.com');

    const session = await login('ALICE@example.com');
    expect(session.status).toBe(200);
    expect(session.body.accessToken).toEqual(expect.any(String));
    expect(session.body.refreshToken).toEqual(expect.any(String));
    expect(session.body.expiresIn).toBeGreaterThan(0);

    const me = await http<RegisterResponse>(t.baseUrl, 'GET', '/api/auth/me', {
      token: session.body.accessToken,
    });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(created.body.user.id);
    expect(me.body.user.lastLoginAt).not.toBeNull();
  });

  it('refuses a second account with the same email in any letter case', async () => {
    expect((await register('bob@example.com')).status).toBe(201);
    const duplicate = await register('  BOB@Example.COM ');
    expect(duplicate.status).toBe(409);
    expectErrorShape(duplicate.body, 409);
    expect((duplicate.body as unknown as ApiErrorBody).message).toBe(
      'This email is already registered',
    );
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    await register('carol@example.com');
    const wrong = await login('carol@example.com', 'not-the-password');
    const unknown = await login('nobody@example.com', 'whatever-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expectErrorShape(wrong.body, 401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('rejects malformed, expired, wrongly signed and unsigned tokens with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 1, email: t.admin.email, role: 'admin' };
    const tokens = {
      malformed: 'not.a.jwt',
      garbage: 'Zm9v',
      expired: forgeToken({ ...claims, iat: now - 3600, exp: now - 60 }, t.jwtSecret),
      wrongSecret: forgeToken(
        { ...claims, iat: now, exp: now + 600 },
        'some-other-secret-of-enough-length!!',
      ),
      unsigned: `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, exp: now + 600 })}.`,
    };
    for (const [name, token] of Object.entries(tokens)) {
      const response = await http(t.baseUrl, 'GET', '/api/auth/me', { token });
      expect({ name, status: response.status }).toEqual({ name, status: 401 });
      expectErrorShape(response.body, 401);
    }
    const expired = await http<ApiErrorBody>(t.baseUrl, 'GET', '/api/auth/me', {
      token: tokens.expired,
    });
    expect(expired.body.message).toBe('Access token expired');
    const missing = await http(t.baseUrl, 'GET', '/api/auth/me');
    expect(missing.status).toBe(401);
    // A correctly signed token is accepted, proving the 401s above are about the token.
    const valid = forgeToken({ ...claims, iat: now, exp: now + 600 }, t.jwtSecret);
    expect((await http(t.baseUrl, 'GET', '/api/auth/me', { token: valid })).status).toBe(200);
  });

  it('rejects unknown fields, short passwords and bad emails with field messages, creating nothing', async () => {
    const unknownField = await http<ApiErrorBody>(t.baseUrl, 'POST', '/api/auth/register', {
      body: { email: 'dave@example.com', password, role: 'admin' },
    });
    expect(unknownField.status).toBe(400);
    expectErrorShape(unknownField.body, 400);
    expect(unknownField.body.message).toContain('property role should not exist');

    const shortPassword = await http<ApiErrorBody>(t.baseUrl, 'POST', '/api/auth/register', {
      body: { email: 'dave@example.com', password: 'short' },
    });
    expect(shortPassword.status).toBe(400);
    expect(shortPassword.body.message).toContain('password must be at least 8 characters');

    const badEmail = await http<ApiErrorBody>(t.baseUrl, 'POST', '/api/auth/register', {
      body: { email: 'not-an-email', password },
    });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.message).toContain('email must be a valid email address');

    const badJson = await http(t.baseUrl, 'POST', '/api/auth/register', { rawBody: '{"email":' });
    expect(badJson.status).toBe(400);
    expectErrorShape(badJson.body, 400);

    // None of these created the account.
    expect((await login('dave@example.com')).status).toBe(401);
  });

  it('rejects an oversized body with 413 in the same error shape', async () => {
    const huge = JSON.stringify({
      email: 'big@example.com',
      password: 'x'.repeat(2 * 1024 * 1024),
    });
    const response = await http(t.baseUrl, 'POST', '/api/auth/register', { rawBody: huge });
    expect(response.status).toBe(413);
    expectErrorShape(response.body, 413);
  });

  it('keeps customers out of staff routes and lets admins in', async () => {
    await register('erin@example.com');
    const customer = await login('erin@example.com');
    const forbidden = await http(t.baseUrl, 'GET', '/api/admin/users', {
      token: customer.body.accessToken,
    });
    expect(forbidden.status).toBe(403);
    expectErrorShape(forbidden.body, 403);

    const admin = await login(t.admin.email, t.admin.password);
    const page = await http<UserPage>(t.baseUrl, 'GET', '/api/admin/users?search=erin', {
      token: admin.body.accessToken,
    });
    expect(page.status).toBe(200);
    expect(page.body.items.map((user) => user.email)).toEqual(['erin@example.com']);
    expect(JSON.stringify(page.body)).not.toMatch(/\$2[aby]\$/);

    const promote = await http(
      t.baseUrl,
      'PATCH',
      `/api/admin/users/${customer.body.user.id}/role`,
      {
        token: customer.body.accessToken,
        body: { role: 'admin' },
      },
    );
    expect(promote.status).toBe(403);
  });

  it('rotates refresh tokens once, and reuse revokes the whole session', async () => {
    await register('frank@example.com');
    const first = await login('frank@example.com');
    const second = await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/refresh', {
      body: { refreshToken: first.body.refreshToken },
    });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);

    const replay = await http(t.baseUrl, 'POST', '/api/auth/refresh', {
      body: { refreshToken: first.body.refreshToken },
    });
    expect(replay.status).toBe(401);
    // The successor issued before the replay is dead too: the family was revoked.
    const successor = await http(t.baseUrl, 'POST', '/api/auth/refresh', {
      body: { refreshToken: second.body.refreshToken },
    });
    expect(successor.status).toBe(401);
  });

  it('spends a refresh token only once when two refreshes race', async () => {
    await register('grace@example.com');
    const session = await login('grace@example.com');
    const results = await Promise.all(
      [1, 2].map(() =>
        http(t.baseUrl, 'POST', '/api/auth/refresh', {
          body: { refreshToken: session.body.refreshToken },
        }),
      ),
    );
    expect(results.filter((result) => result.status === 200).length).toBeLessThanOrEqual(1);
  });

  it('logs out: the refresh token stops working', async () => {
    await register('heidi@example.com');
    const session = await login('heidi@example.com');
    const logout = await http(t.baseUrl, 'POST', '/api/auth/logout', {
      token: session.body.accessToken,
      body: { refreshToken: session.body.refreshToken },
    });
    expect(logout.status).toBe(204);
    const refresh = await http(t.baseUrl, 'POST', '/api/auth/refresh', {
      body: { refreshToken: session.body.refreshToken },
    });
    expect(refresh.status).toBe(401);
  });

  it('writes audit rows for auth events without secrets', async () => {
    await register('ivan@example.com');
    await login('ivan@example.com', 'wrong-password-here');
    const rows: { action: string; details: string | null }[] = await t.app
      .get(DataSource)
      .query('SELECT action, details FROM audit_logs ORDER BY id');
    const actions = rows.map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining(['auth.register', 'auth.login', 'auth.login-failed']),
    );
    expect(JSON.stringify(rows)).not.toContain('wrong-password-here');
  });

  it('documents the auth routes in the Swagger JSON and serves the UI', async () => {
    const spec = await http<{
      paths: Record<string, unknown>;
      components: { securitySchemes: object };
    }>(t.baseUrl, 'GET', '/api/docs-json');
    expect(spec.status).toBe(200);
    for (const path of [
      '/api/auth/register',
      '/api/auth/login',
      '/api/auth/refresh',
      '/api/auth/logout',
      '/api/auth/me',
    ]) {
      expect(Object.keys(spec.body.paths)).toContain(path);
    }
    expect(Object.keys(spec.body.components.securitySchemes)).toContain('bearer');
    const ui = await fetch(`${t.baseUrl}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('reports health without a token', async () => {
    const health = await http<{ status: string; checks: Record<string, { status: string }> }>(
      t.baseUrl,
      'GET',
      '/api/health',
    );
    expect(health.status).toBe(200);
    expect(health.body.checks['database'].status).toBe('up');
  });

  it('answers unknown API routes with a 404 in the error shape', async () => {
    const response = await http(t.baseUrl, 'GET', '/api/does-not-exist');
    expect(response.status).toBe(404);
    expectErrorShape(response.body, 404);
  });

  it('rate-limits login per IP with 429 after the configured number of attempts', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 32; attempt++) {
      statuses.push((await login('nobody@example.com', 'wrong-password')).status);
    }
    expect(statuses).toContain(429);
    const limited = await login('nobody@example.com', 'wrong-password');
    expect(limited.status).toBe(429);
    expectErrorShape(limited.body, 429);
  });
});
