import type {
  BalanceView,
  CreateServerResponse,
  LoginResponse,
  ServerView,
  TransactionPage,
} from '@hostdeck/contracts';
import { DataSource } from 'typeorm';

import { UnitOfWork } from '../src/database/unit-of-work';
import { ChargingService } from '../src/modules/billing/charging.service';
import { LedgerService } from '../src/modules/billing/ledger.service';
import { billingDay } from '../src/modules/billing/pricing';
import { PROXMOX_CONNECTION } from '../src/modules/proxmox/proxmox.module';
import type { ProxmoxConnection } from '../src/modules/proxmox/proxmox-connection';
import { Server } from '../src/modules/servers/entities/server.entity';
import { SimControl } from '../src/testing/sim-control';
import { databaseKinds, http, newCustomer, startTestApp, TestApp } from '../src/testing/test-app';

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(databaseKinds())('billing on %s', (kind) => {
  let t: TestApp;
  let sim: SimControl;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp(kind, {
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      BILLING_REMINDER_DAYS: '3',
      BILLING_GRACE_DAYS: '7',
    });
    sim = new SimControl(t.app.get<ProxmoxConnection>(PROXMOX_CONNECTION, { strict: false }));
    adminToken = (
      await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', { body: t.admin })
    ).body.accessToken;
  });

  afterAll(async () => {
    await t?.close();
  });

  const customer = (balanceMinor: number) => newCustomer(t, balanceMinor, 'bill');

  async function credit(userId: number, amountMinor: number): Promise<void> {
    const response = await http(t.baseUrl, 'POST', `/api/admin/users/${userId}/balance`, {
      token: adminToken,
      body: { amountMinor, reason: 'test top-up' },
    });
    expect(response.status).toBe(200);
  }

  async function serverIn(
    token: string,
    id: number,
    statuses: string[],
    timeoutMs = 20_000,
  ): Promise<ServerView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const server = (await http<ServerView>(t.baseUrl, 'GET', `/api/server/${id}`, { token }))
        .body;
      if (statuses.includes(server.status) && !server.activeOperation) return server;
      if (Date.now() > deadline)
        throw new Error(`server ${id} is ${server.status}, not ${statuses.join('/')}`);
      await sleep(50);
    }
  }

  async function runningServer(token: string): Promise<ServerView> {
    const created = await http<CreateServerResponse>(t.baseUrl, 'POST', '/api/server/create', {
      token,
      body: { tariffId: 1, osId: 1 },
    });
    expect(created.status).toBe(202);
    return serverIn(token, created.body.server.id, ['running']);
  }

  const chargeCount = async (serverId: number) =>
    Number(
      (
        await t.app
          .get(DataSource)
          .query(`SELECT COUNT(*) AS n FROM transactions WHERE serverId = ? AND type = 'charge'`, [
            serverId,
          ])
      )[0].n,
    );

  it('catches up missed days exactly once each, and a second run the same day charges nothing', async () => {
    const owner = await customer(10_000);
    const server = await runningServer(owner.token);
    // The panel was down for three days: the next run catches up each of them once.
    const later = new Date(Date.now() + 3 * DAY);
    const charging = t.app.get(ChargingService);
    await charging.chargeDailyFees(later);
    expect(await chargeCount(server.id)).toBe(1 + 3);
    await charging.chargeDailyFees(new Date(later.getTime() + 120_000));
    expect(await chargeCount(server.id)).toBe(4);
    const row = await t.app
      .get(DataSource)
      .getRepository(Server)
      .findOneByOrFail({ id: server.id });
    expect(row.billedThrough).toBe(billingDay(later));
    const balance = await http<BalanceView>(t.baseUrl, 'GET', '/api/billing/balance', {
      token: owner.token,
    });
    expect(balance.body).toMatchObject({ balanceMinor: 10_000 - 4 * 17, dailyBurnMinor: 17 });
    const ledger = await http<TransactionPage>(
      t.baseUrl,
      'GET',
      '/api/billing/transactions?pageSize=2',
      { token: owner.token },
    );
    expect(ledger.body.total).toBe(5);
    expect(ledger.body.items).toHaveLength(2);
    expect(ledger.body.items[0].amountMinor).toBe(-17);
  });

  it('keeps the balance equal to the ledger under 100 concurrent credits and charges', async () => {
    const owner = await customer(1000);
    const ledger = t.app.get(LedgerService);
    const unitOfWork = t.app.get(UnitOfWork);
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        unitOfWork.run((manager) =>
          ledger.apply(manager, {
            userId: owner.id,
            type: i % 2 === 0 ? 'adjustment' : 'charge',
            amountMinor: i % 2 === 0 ? 7 : -5,
            reference: `race:${owner.id}:${i}`,
            description: 'race',
            requireFunds: true,
          }),
        ),
      ),
    );
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const rows: { amountMinor: string | number }[] = await t.app
      .get(DataSource)
      .query('SELECT amountMinor FROM transactions WHERE userId = ?', [owner.id]);
    const ledgerSum = rows.reduce((sum, row) => sum + Number(row.amountMinor), 0);
    const balance = (
      await http<BalanceView>(t.baseUrl, 'GET', '/api/billing/balance', { token: owner.token })
    ).body.balanceMinor;
    expect(balance).toBe(ledgerSum);
    expect(balance).toBe(1000 + 50 * 7 - 50 * 5);
  });

  it('suspends a server the balance cannot pay, stopping it, and resumes it after a top-up', async () => {
    const owner = await customer(17);
    const server = await runningServer(owner.token);
    // Tomorrow's run finds an empty balance (today was paid at creation).
    await t.app.get(ChargingService).chargeDailyFees(new Date(Date.now() + DAY));
    const suspended = await serverIn(owner.token, server.id, ['suspended']);
    expect(suspended.status).toBe('suspended');
    const stopped = await sim.state<{ containers: { vmid: number; status: string }[] }>();
    expect(stopped.containers.find((container) => container.vmid === server.vmid)?.status).toBe(
      'stopped',
    );
    expect(
      (await http(t.baseUrl, 'POST', `/api/server/${server.id}/start`, { token: owner.token }))
        .status,
    ).toBe(409);

    await credit(owner.id, 500);
    const resumed = await serverIn(owner.token, server.id, ['running']);
    expect(resumed.status).toBe('running');
    const running = await sim.state<{ containers: { vmid: number; status: string }[] }>();
    expect(running.containers.find((container) => container.vmid === server.vmid)?.status).toBe(
      'running',
    );
  });

  it('warns 3 days and 1 day before deleting an unpaid server, then deletes it', async () => {
    const owner = await customer(17);
    const server = await runningServer(owner.token);
    const charging = t.app.get(ChargingService);
    await charging.chargeDailyFees(new Date(Date.now() + DAY));
    await serverIn(owner.token, server.id, ['suspended']);
    const row = await t.app
      .get(DataSource)
      .getRepository(Server)
      .findOneByOrFail({ id: server.id });
    const suspendedAt = row.suspendedAt as Date;
    const warnings = async (pattern: RegExp) =>
      (
        await t.app
          .get(DataSource)
          .query('SELECT title FROM notifications WHERE userId = ? ORDER BY id', [owner.id])
      )
        .map((item: { title: string }) => item.title)
        .filter((title: string) => pattern.test(title));

    await charging.chargeDailyFees(new Date(suspendedAt.getTime() + 2 * DAY));
    expect(await warnings(/will be deleted/)).toEqual([]);
    await charging.chargeDailyFees(new Date(suspendedAt.getTime() + 4 * DAY + 60_000));
    await charging.chargeDailyFees(new Date(suspendedAt.getTime() + 4 * DAY + 180_000));
    expect(await warnings(/will be deleted in 3 days/)).toHaveLength(1);
    await charging.chargeDailyFees(new Date(suspendedAt.getTime() + 6 * DAY + 60_000));
    expect(await warnings(/will be deleted in 1 day$/)).toHaveLength(1);
    expect(
      (await http(t.baseUrl, 'GET', `/api/server/${server.id}`, { token: owner.token })).status,
    ).toBe(200);
    await charging.chargeDailyFees(new Date(suspendedAt.getTime() + 7 * DAY + 60_000));
    const deadline = Date.now() + 20_000;
    while (
      (await http(t.baseUrl, 'GET', `/api/server/${server.id}`, { token: owner.token })).status !==
      404
    ) {
      if (Date.now() > deadline) throw new Error('the unpaid server was not deleted');
      await sleep(50);
    }
    const state = await sim.state<{ containers: { vmid: number }[] }>();
    expect(state.containers.some((container) => container.vmid === server.vmid)).toBe(false);
  });

  it('reminds a customer once a day when the balance covers fewer than 3 days', async () => {
    const owner = await customer(17 * 3);
    await runningServer(owner.token);
    const charging = t.app.get(ChargingService);
    const reminders = async () =>
      Number(
        (
          await t.app
            .get(DataSource)
            .query(
              `SELECT COUNT(*) AS n FROM notifications WHERE userId = ? AND title = 'Your balance is running low'`,
              [owner.id],
            )
        )[0].n,
      );
    // 34 left at 17 a day: two days covered, under the three-day threshold.
    await charging.chargeDailyFees(new Date());
    await charging.chargeDailyFees(new Date(Date.now() + 120_000));
    expect(await reminders()).toBe(1);
    const mails = await t.app
      .get(DataSource)
      .query(`SELECT COUNT(*) AS n FROM mail_outbox WHERE template = 'payment-reminder'`);
    expect(Number(mails[0].n)).toBeGreaterThanOrEqual(1);
  });
});
