import type { AdjustBalanceResponse, LoginResponse } from '@hostdeck/contracts';
import { DataSource } from 'typeorm';

import { databaseKinds, http, startTestApp, TestApp } from '../src/testing/test-app';

describe.each(databaseKinds())('admin balance adjustments on %s', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, { PVE_SIM_AUTH_DELAY_MS: '0', DEMO_BALANCE_MINOR: '2500' });
  });

  afterAll(async () => {
    await t?.close();
  });

  async function login(email: string, password: string): Promise<LoginResponse> {
    return (
      await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', { body: { email, password } })
    ).body;
  }

  it('credits and debits through the ledger, never below zero, admins only', async () => {
    await http(t.baseUrl, 'POST', '/api/auth/register', {
      body: { email: 'payer@example.com', password: 'a-good-password' },
    });
    const customer = await login('payer@example.com', 'a-good-password');
    const admin = await login(t.admin.email, t.admin.password);
    const path = `/api/admin/users/${customer.user.id}/balance`;

    const credit = await http<AdjustBalanceResponse>(t.baseUrl, 'POST', path, {
      token: admin.accessToken,
      body: { amountMinor: 1500, reason: 'Bank transfer' },
    });
    expect(credit.status).toBe(200);
    expect(credit.body.user.balanceMinor).toBe(1500);

    const overdraw = await http(t.baseUrl, 'POST', path, {
      token: admin.accessToken,
      body: { amountMinor: -2000, reason: 'oops' },
    });
    expect(overdraw.status).toBe(402);
    const debit = await http<AdjustBalanceResponse>(t.baseUrl, 'POST', path, {
      token: admin.accessToken,
      body: { amountMinor: -500, reason: 'Correction' },
    });
    expect(debit.body.user.balanceMinor).toBe(1000);

    for (const body of [
      { amountMinor: 0, reason: 'x' },
      { amountMinor: 1.5, reason: 'x' },
      { amountMinor: 10, reason: '' },
      { amountMinor: '10', reason: 'x' },
    ]) {
      expect((await http(t.baseUrl, 'POST', path, { token: admin.accessToken, body })).status).toBe(
        400,
      );
    }
    expect(
      (
        await http(t.baseUrl, 'POST', path, {
          token: customer.accessToken,
          body: { amountMinor: 100, reason: 'free money' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/admin/users/99999/balance', {
          token: admin.accessToken,
          body: { amountMinor: 1, reason: 'x' },
        })
      ).status,
    ).toBe(404);

    const rows: {
      amountMinor: string | number;
      balanceAfterMinor: string | number;
      description: string;
    }[] = await t.app
      .get(DataSource)
      .query(
        'SELECT amountMinor, balanceAfterMinor, description FROM transactions WHERE userId = ? ORDER BY id',
        [customer.user.id],
      );
    expect(
      rows.map((row) => [Number(row.amountMinor), Number(row.balanceAfterMinor), row.description]),
    ).toEqual([
      [1500, 1500, 'Bank transfer'],
      [-500, 1000, 'Correction'],
    ]);
  });

  it('gives the seeded demo customer its starting balance once', async () => {
    const admin = await login(t.admin.email, t.admin.password);
    const page = await http<{ items: { email: string; balanceMinor: number }[] }>(
      t.baseUrl,
      'GET',
      '/api/admin/users?search=demo@hostdeck.local',
      {
        token: admin.accessToken,
      },
    );
    expect(page.body.items).toEqual([
      expect.objectContaining({ email: 'demo@hostdeck.local', balanceMinor: 2500 }),
    ]);
  });

  it('lets admins manage tariffs and OS templates, deactivating what servers use', async () => {
    const admin = await login(t.admin.email, t.admin.password);
    await http(t.baseUrl, 'POST', '/api/auth/register', {
      body: { email: 'shopper@example.com', password: 'a-good-password' },
    });
    const customer = await login('shopper@example.com', 'a-good-password');

    const tariff = {
      name: 'Mega',
      priceMonthlyMinor: 9900,
      cores: 8,
      memoryMb: 16384,
      diskGb: 200,
    };
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/admin/tariffs', {
          token: customer.accessToken,
          body: tariff,
        })
      ).status,
    ).toBe(403);
    const created = await http<{ id: number }>(t.baseUrl, 'POST', '/api/admin/tariffs', {
      token: admin.accessToken,
      body: tariff,
    });
    expect(created.status).toBe(201);
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/admin/tariffs', {
          token: admin.accessToken,
          body: tariff,
        })
      ).status,
    ).toBe(409);
    for (const bad of [
      { ...tariff, name: 'x', cores: 0 },
      { ...tariff, name: 'y', priceMonthlyMinor: -1 },
      { ...tariff, name: 'z', memoryMb: 100 },
      { ...tariff, name: 'w', extra: 1 },
    ]) {
      expect(
        (
          await http(t.baseUrl, 'POST', '/api/admin/tariffs', {
            token: admin.accessToken,
            body: bad,
          })
        ).status,
      ).toBe(400);
    }
    const onSale = await http<{ name: string }[]>(t.baseUrl, 'GET', '/api/tariffs', {
      token: customer.accessToken,
    });
    expect(onSale.body.map((item) => item.name)).toContain('Mega');

    const patched = await http<{ priceMonthlyMinor: number }>(
      t.baseUrl,
      'PATCH',
      `/api/admin/tariffs/${created.body.id}`,
      { token: admin.accessToken, body: { priceMonthlyMinor: 9500 } },
    );
    expect(patched.body.priceMonthlyMinor).toBe(9500);
    expect(
      (
        await http(t.baseUrl, 'DELETE', `/api/admin/tariffs/${created.body.id}`, {
          token: admin.accessToken,
        })
      ).body,
    ).toEqual({ isDeleted: true, isDeactivated: false });

    // Tariff 1 backs a server: it is only taken off sale.
    await t.app
      .get(DataSource)
      .query(
        `INSERT INTO servers (ownerId, tariffId, osId, hostname, status, cores, memoryMb, diskGb, priceMonthlyMinor) VALUES (?, 1, 1, 'keeper', 'stopped', 1, 1024, 10, 500)`,
        [customer.user.id],
      );
    expect(
      (await http(t.baseUrl, 'DELETE', '/api/admin/tariffs/1', { token: admin.accessToken })).body,
    ).toEqual({ isDeleted: false, isDeactivated: true });
    const after = await http<{ id: number }[]>(t.baseUrl, 'GET', '/api/tariffs', {
      token: customer.accessToken,
    });
    expect(after.body.map((item) => item.id)).not.toContain(1);

    const os = await http<{ id: number }>(t.baseUrl, 'POST', '/api/admin/os', {
      token: admin.accessToken,
      body: {
        name: 'Rocky 9',
        templateVolid: 'local:vztmpl/rockylinux-9-default_20240912_amd64.tar.xz',
      },
    });
    expect(os.status).toBe(201);
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/admin/os', {
          token: admin.accessToken,
          body: { name: 'Bad', templateVolid: '../../etc/passwd' },
        })
      ).status,
    ).toBe(400);
    expect(
      (await http(t.baseUrl, 'DELETE', `/api/admin/os/${os.body.id}`, { token: admin.accessToken }))
        .body,
    ).toEqual({ isDeleted: true, isDeactivated: false });
  });
});
