import type { AuditLogPage, LoginResponse } from '@hostdeck/contracts';

import { databaseKinds, http, newCustomer, startTestApp, TestApp } from '../src/testing/test-app';

describe.each(databaseKinds())('audit log on %s', (kind) => {
  let t: TestApp;
  let admin: LoginResponse;

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = (await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', { body: t.admin }))
      .body;
  });

  afterAll(async () => {
    await t?.close();
  });

  function audit(query: string, token = admin.accessToken) {
    return http<AuditLogPage>(t.baseUrl, 'GET', `/api/admin/audit${query}`, { token });
  }

  it('lists who did what, newest first, paged, filtered by actor and action (admins only)', async () => {
    const customer = await newCustomer(t, 0, 'audited');
    const support = await newCustomer(t, 0, 'helper');
    expect(
      (
        await http(t.baseUrl, 'PATCH', `/api/admin/users/${support.id}/role`, {
          token: admin.accessToken,
          body: { role: 'support' },
        })
      ).status,
    ).toBe(200);
    await http(t.baseUrl, 'POST', `/api/admin/users/${customer.id}/balance`, {
      token: admin.accessToken,
      body: { amountMinor: 1234, reason: 'Bank transfer 42' },
    });

    const all = await audit('');
    expect(all.status).toBe(200);
    expect(all.body.page).toBe(1);
    expect(all.body.pageSize).toBe(25);
    expect(all.body.total).toBeGreaterThanOrEqual(6);
    const ids = all.body.items.map((item) => item.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const newest = all.body.items[0];
    expect(newest).toMatchObject({
      action: 'user.balance-adjusted',
      actorId: admin.user.id,
      actorEmail: t.admin.email,
      targetType: 'user',
      targetId: String(customer.id),
      details: { amountMinor: 1234, reason: 'Bank transfer 42' },
    });
    expect(typeof newest?.ip).toBe('string');
    expect(Number.isNaN(Date.parse(newest?.createdAt ?? ''))).toBe(false);
    expect(JSON.stringify(all.body)).not.toMatch(/password|hash/i);

    const second = await audit('?page=2&pageSize=2');
    expect(second.body.items).toHaveLength(2);
    expect(second.body.items[0]?.id).toBe(all.body.items[2]?.id);
    expect(second.body.total).toBe(all.body.total);

    const mine = await audit(`?userId=${customer.id}`);
    expect(mine.body.items.length).toBeGreaterThanOrEqual(2);
    expect(mine.body.items.every((item) => item.actorId === customer.id)).toBe(true);
    expect(mine.body.items.map((item) => item.action)).toEqual(
      expect.arrayContaining(['auth.register', 'auth.login']),
    );

    const adminActions = await audit(`?userId=${admin.user.id}&action=user`);
    expect(adminActions.body.items.map((item) => item.action)).toEqual([
      'user.balance-adjusted',
      'user.role-changed',
    ]);
    const exact = await audit('?action=user.role-changed');
    expect(exact.body.items).toHaveLength(1);
    expect(exact.body.items[0]?.details).toEqual({ role: 'support' });
    // A prefix matches whole segments only.
    expect((await audit('?action=use')).body.total).toBe(0);
  });

  it('refuses support, customers and anonymous callers, and bad queries', async () => {
    const customer = await newCustomer(t, 0, 'nosy');
    const support = await newCustomer(t, 0, 'staff');
    await http(t.baseUrl, 'PATCH', `/api/admin/users/${support.id}/role`, {
      token: admin.accessToken,
      body: { role: 'support' },
    });
    const supportLogin = await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', {
      body: { email: support.email, password: 'a-good-password' },
    });

    expect((await audit('', supportLogin.body.accessToken)).status).toBe(403);
    expect((await audit('', customer.token)).status).toBe(403);
    const anonymous = await http(t.baseUrl, 'GET', '/api/admin/audit');
    expect(anonymous.status).toBe(401);

    for (const query of [
      '?page=0',
      '?pageSize=101',
      '?userId=abc',
      '?action=DROP%20TABLE',
      '?x=1',
    ]) {
      const bad = await audit(query);
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
  });
});
