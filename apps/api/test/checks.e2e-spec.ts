import { readdirSync } from 'node:fs';

import type { BalanceView, CheckPage, CheckView, LoginResponse } from '@hostdeck/contracts';

import { databaseKinds, http, newCustomer, startTestApp, TestApp } from '../src/testing/test-app';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(200, 7),
]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300, 32)]);

describe.each(databaseKinds())('payment checks on %s', (kind) => {
  let t: TestApp;
  let staffToken: string;

  beforeAll(async () => {
    t = await startTestApp(kind, { AUTH_RATE_LIMIT_PER_MINUTE: '1000' });
    staffToken = (
      await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', { body: t.admin })
    ).body.accessToken;
  });

  afterAll(async () => {
    await t?.close();
  });

  const customer = () => newCustomer(t, 0, 'payer');

  async function upload(
    token: string,
    amountMinor: string,
    data: Buffer,
    fileName: string,
    mime: string,
  ) {
    const form = new FormData();
    form.append('amountMinor', amountMinor);
    form.append('receipt', new Blob([data], { type: mime }), fileName);
    const response = await fetch(`${t.baseUrl}/api/billing/checks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return {
      status: response.status,
      body: (await response.json()) as CheckView & { message?: string | string[] },
    };
  }

  const balanceOf = async (token: string) =>
    (await http<BalanceView>(t.baseUrl, 'GET', '/api/billing/balance', { token })).body
      .balanceMinor;

  it('judges a receipt by its bytes, not its name or MIME type', async () => {
    const owner = await customer();
    const disguised = await upload(owner.token, '5000', PNG, 'receipt.pdf', 'application/pdf');
    expect(disguised.status).toBe(201);
    expect(disguised.body).toMatchObject({
      status: 'pending',
      fileMime: 'image/png',
      amountMinor: 5000,
      fileName: 'receipt.pdf',
    });
    expect(
      (await upload(owner.token, '5000', PDF, 'scan', 'application/octet-stream')).body.fileMime,
    ).toBe('application/pdf');

    const text = await upload(
      owner.token,
      '5000',
      Buffer.from('this is not an image'),
      'photo.png',
      'image/png',
    );
    expect(text.status).toBe(400);
    const huge = await upload(
      owner.token,
      '5000',
      Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]),
      'big.png',
      'image/png',
    );
    expect(huge.status).toBe(413);
    for (const amount of ['0', '-5', '12.5', 'abc']) {
      expect((await upload(owner.token, amount, PNG, 'r.png', 'image/png')).status).toBe(400);
    }
    const mine = await http<CheckView[]>(t.baseUrl, 'GET', '/api/billing/checks', {
      token: owner.token,
    });
    expect(mine.body).toHaveLength(2);
  });

  it('stores nothing outside the receipts folder, whatever the file name says', async () => {
    const owner = await customer();
    const sneaky = await upload(owner.token, '100', PNG, '../../../escape.png', 'image/png');
    expect(sneaky.status).toBe(201);
    expect(sneaky.body.fileName).toBe('escape.png');
    const stored = readdirSync(`${t.dataDir}/receipts`);
    expect(stored.every((name) => /^[0-9a-f]{32}$/.test(name))).toBe(true);
    expect(readdirSync(t.dataDir)).not.toContain('escape.png');
  });

  it('shows a receipt to its owner and staff only', async () => {
    const owner = await customer();
    const stranger = await customer();
    const check = (await upload(owner.token, '700', PNG, 'r.png', 'image/png')).body;
    const own = await fetch(`${t.baseUrl}/api/admin/checks/${check.id}/file`, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await own.arrayBuffer()).equals(PNG)).toBe(true);
    expect(
      (
        await fetch(`${t.baseUrl}/api/admin/checks/${check.id}/file`, {
          headers: { authorization: `Bearer ${staffToken}` },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await fetch(`${t.baseUrl}/api/admin/checks/${check.id}/file`, {
          headers: { authorization: `Bearer ${stranger.token}` },
        })
      ).status,
    ).toBe(404);
    expect(
      (await http(t.baseUrl, 'GET', '/api/admin/checks?status=pending', { token: owner.token }))
        .status,
    ).toBe(403);
    expect(
      (
        await http(t.baseUrl, 'POST', `/api/admin/checks/${check.id}/approve`, {
          token: owner.token,
          body: {},
        })
      ).status,
    ).toBe(403);
  });

  it('credits the balance exactly once when 50 approvals race', async () => {
    const owner = await customer();
    const check = (await upload(owner.token, '2500', PNG, 'r.png', 'image/png')).body;
    const queue = await http<CheckPage>(t.baseUrl, 'GET', '/api/admin/checks?status=pending', {
      token: staffToken,
    });
    expect(queue.body.items.map((item) => item.id)).toContain(check.id);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        http(t.baseUrl, 'POST', `/api/admin/checks/${check.id}/approve`, {
          token: staffToken,
          body: {},
        }),
      ),
    );
    expect(results.filter((result) => result.status === 200)).toHaveLength(1);
    expect(results.filter((result) => result.status === 409)).toHaveLength(49);
    expect(await balanceOf(owner.token)).toBe(2500);
    const notifications = await http<{ items: { title: string }[] }>(
      t.baseUrl,
      'GET',
      '/api/notifications',
      { token: owner.token },
    );
    expect(notifications.body.items.map((item) => item.title)).toContain(
      'Payment of 25.00 approved',
    );
  });

  it('approves a corrected amount, and rejects with a reason that the customer sees', async () => {
    const owner = await customer();
    const first = (await upload(owner.token, '9999', PNG, 'r.png', 'image/png')).body;
    const approved = await http<CheckView>(
      t.baseUrl,
      'POST',
      `/api/admin/checks/${first.id}/approve`,
      { token: staffToken, body: { amountMinor: 9000 } },
    );
    expect(approved.body).toMatchObject({ status: 'approved', amountMinor: 9000 });
    expect(await balanceOf(owner.token)).toBe(9000);

    const second = (await upload(owner.token, '500', PNG, 'r.png', 'image/png')).body;
    expect(
      (
        await http(t.baseUrl, 'POST', `/api/admin/checks/${second.id}/reject`, {
          token: staffToken,
          body: { reason: '' },
        })
      ).status,
    ).toBe(400);
    const rejected = await http<CheckView>(
      t.baseUrl,
      'POST',
      `/api/admin/checks/${second.id}/reject`,
      { token: staffToken, body: { reason: 'Unreadable scan' } },
    );
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: 'Unreadable scan' });
    expect(
      (
        await http(t.baseUrl, 'POST', `/api/admin/checks/${second.id}/approve`, {
          token: staffToken,
          body: {},
        })
      ).status,
    ).toBe(409);
    expect(await balanceOf(owner.token)).toBe(9000);
  });
});
