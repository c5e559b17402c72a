import type { BalanceView } from '@hostdeck/contracts';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { billingConfig } from '../../config/configuration';
import { UnitOfWork } from '../../database/unit-of-work';
import { MailService } from '../mail/mail.service';
import { SweepLock } from '../monitoring/sweep-lock';
import { NotificationsService } from '../notifications/notifications.service';
import type { Server } from '../servers/entities/server.entity';
import { ServerLifecycleService } from '../servers/server-lifecycle.service';
import { ServersService } from '../servers/servers.service';
import { UsersService } from '../users/users.service';
import { BALANCE_CREDITED, BalanceCreditedEvent } from './billing-events';
import { BillingNotice } from './entities/billing-notice.entity';
import { InsufficientFundsException, LedgerService } from './ledger.service';
import { billingDay, dailyPriceMinor } from './pricing';

const DAY_MS = 86_400_000;

/** The days after `lastCharged` up to and including `today` (YYYY-MM-DD, UTC). */
export function daysToCharge(lastCharged: string, today: string): string[] {
  const days: string[] = [];
  for (
    let time = Date.parse(`${lastCharged}T00:00:00Z`) + DAY_MS;
    time <= Date.parse(`${today}T00:00:00Z`);
    time += DAY_MS
  ) {
    days.push(billingDay(new Date(time)));
  }
  return days;
}

export interface ChargeRunReport {
  day: string;
  charges: number;
  suspended: number;
  deleted: number;
}

/**
 * Daily charging: every live server pays its daily price for each day since it was last charged
 * (missed days caught up once each), a server that cannot pay is suspended, one suspended too long
 * is deleted after warnings, and a credit resumes what it pays for.
 */
@Injectable()
export class ChargingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChargingService.name);
  private timer: NodeJS.Timeout | undefined;
  private catchUpTimer: NodeJS.Timeout | undefined;
  private isRunning = false;

  constructor(
    @Inject(billingConfig.KEY) private readonly config: ConfigType<typeof billingConfig>,
    @InjectRepository(BillingNotice) private readonly notices: Repository<BillingNotice>,
    private readonly ledger: LedgerService,
    private readonly unitOfWork: UnitOfWork,
    private readonly servers: ServersService,
    private readonly lifecycle: ServerLifecycleService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly lock: SweepLock,
    private readonly mail: MailService,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduleNext();
    // Soon after start, without delaying it: finish a run that downtime or a crash cut short.
    this.catchUpTimer = setTimeout(() => void this.catchUpMissedRun(), 2000);
    this.catchUpTimer.unref();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
    clearTimeout(this.catchUpTimer);
  }

  /**
   * The last run that should have happened (today's if its time has passed, else yesterday's):
   * when servers are still unpaid for its day, the panel was down or killed then, so it runs now
   * instead of leaving them unpaid (and unsuspended) until the next day's run. Without a lock:
   * charges are idempotent, and a crashed holder's lock would block every instance for hours.
   */
  private async catchUpMissedRun(): Promise<void> {
    const now = new Date();
    const due = new Date(
      Date.UTC(
        now.getUTCFullYear(),
        now.getUTCMonth(),
        now.getUTCDate(),
        this.config.chargeHourUtc,
        this.config.chargeMinuteUtc,
      ),
    );
    if (due.getTime() > now.getTime()) due.setTime(due.getTime() - DAY_MS);
    try {
      if ((await this.servers.listBillable(billingDay(due))).length === 0) return;
      this.logger.warn(`the daily charge of ${billingDay(due)} did not finish; running it now`);
      await this.chargeDailyFees(due);
    } catch (error) {
      this.logger.error(
        `catching up the daily charge failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** The next run at the configured UTC time; a missed one is caught up at start (above). */
  private scheduleNext(): void {
    const now = new Date();
    const next = new Date(
      Date.UTC(
        now.getUTCFullYear(),
        now.getUTCMonth(),
        now.getUTCDate(),
        this.config.chargeHourUtc,
        this.config.chargeMinuteUtc,
      ),
    );
    if (next.getTime() <= now.getTime()) next.setTime(next.getTime() + DAY_MS);
    this.timer = setTimeout(() => {
      void this.scheduledRun(new Date())
        .catch((error: unknown) =>
          this.logger.error(
            `daily charge failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        )
        .finally(() => this.scheduleNext());
    }, next.getTime() - now.getTime());
    this.timer.unref();
  }

  /** The timer's run: with several instances, the first to take the day's lock does it. */
  private async scheduledRun(now: Date): Promise<void> {
    if (!(await this.lock.acquire(`charge:${billingDay(now)}`, 6 * 3600_000))) return;
    await this.chargeDailyFees(now);
  }

  /** One run for `now`'s day: charges, suspensions, grace deletions and reminders. Safe to repeat. */
  async chargeDailyFees(now: Date): Promise<ChargeRunReport | undefined> {
    const day = billingDay(now);
    if (this.isRunning) return undefined;
    this.isRunning = true;
    try {
      const report: ChargeRunReport = { day, charges: 0, suspended: 0, deleted: 0 };
      for (const server of await this.servers.listBillable(day)) {
        const outcome = await this.chargeServer(server, day);
        report.charges += outcome.charged;
        if (outcome.isUnpaid) {
          report.suspended += 1;
          await this.suspendForNonPayment(server);
        }
      }
      report.deleted = await this.enforceGracePeriod(now);
      await this.remindLowBalances(now);
      this.logger.log(
        `daily charge ${day}: ${report.charges} charges, ${report.suspended} suspended, ${report.deleted} deleted`,
      );
      return report;
    } finally {
      this.isRunning = false;
    }
  }

  /** Charges each unpaid day; stops at the first day the balance cannot pay. */
  private async chargeServer(
    server: Server,
    today: string,
  ): Promise<{ charged: number; isUnpaid: boolean }> {
    let charged = 0;
    for (const day of daysToCharge(server.billedThrough ?? today, today)) {
      try {
        await this.unitOfWork.run(async (manager) => {
          const { isNew } = await this.ledger.apply(manager, {
            userId: server.ownerId,
            type: 'charge',
            amountMinor: -dailyPriceMinor(server.priceMonthlyMinor),
            reference: `charge:server:${server.id}:${day}`,
            description: `${server.hostname}: ${day}`,
            serverId: server.id,
            requireFunds: true,
          });
          await manager.update('servers', { id: server.id }, { billedThrough: day });
          if (isNew) charged += 1;
        });
        server.billedThrough = day;
      } catch (error) {
        if (error instanceof InsufficientFundsException) return { charged, isUnpaid: true };
        throw error;
      }
    }
    return { charged, isUnpaid: false };
  }

  private async suspendForNonPayment(server: Server): Promise<void> {
    try {
      await this.lifecycle.suspendServer(
        null,
        server.id,
        'Suspended: the balance cannot pay for today',
      );
    } catch (error) {
      this.logger.warn(
        `serverId=${server.id} could not be suspended now: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    await this.notifications.notify({
      userId: server.ownerId,
      kind: 'billing',
      title: `${server.hostname} is suspended`,
      body: `Your balance cannot pay for ${server.hostname} today, so it was stopped. Top up and it starts again automatically; after ${this.config.graceDays} days unpaid it is deleted.`,
      link: '/billing',
    });
    await this.mail.sendToUser(server.ownerId, 'server-suspended', {
      serverId: server.id,
      hostname: server.hostname,
      reason: 'the balance cannot pay for today',
    });
  }

  /** Suspended for non-payment too long: deleted, with warnings 3 days and 1 day before. */
  private async enforceGracePeriod(now: Date): Promise<number> {
    let deleted = 0;
    for (const server of await this.servers.listSuspendedForBilling()) {
      if (!server.suspendedAt) continue;
      const deadline = server.suspendedAt.getTime() + this.config.graceDays * DAY_MS;
      const daysLeft = Math.ceil((deadline - now.getTime()) / DAY_MS);
      if (daysLeft <= 0) {
        try {
          await this.lifecycle.deleteServer(
            { id: server.ownerId, email: '', role: 'admin' },
            server.id,
            'billing',
          );
          deleted += 1;
          await this.notifications.notify({
            userId: server.ownerId,
            kind: 'billing',
            title: `${server.hostname} was deleted`,
            body: `${server.hostname} stayed unpaid for ${this.config.graceDays} days and was deleted.`,
          });
          await this.mail.sendToUser(server.ownerId, 'server-deleted', {
            serverId: server.id,
            hostname: server.hostname,
          });
        } catch (error) {
          this.logger.warn(
            `serverId=${server.id} could not be deleted now: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        continue;
      }
      for (const warnAt of [3, 1]) {
        if (
          daysLeft <= warnAt &&
          (await this.once(`grace-warning:server:${server.id}:${warnAt}d`, server.ownerId))
        ) {
          await this.notifications.notify({
            userId: server.ownerId,
            kind: 'billing',
            title: `${server.hostname} will be deleted in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`,
            body: `${server.hostname} is suspended for non-payment. Top up before ${new Date(deadline).toISOString().slice(0, 10)} to keep it.`,
            link: '/billing',
          });
          await this.mail.sendToUser(server.ownerId, 'deletion-warning', {
            serverId: server.id,
            hostname: server.hostname,
            deleteOn: new Date(deadline).toISOString().slice(0, 10),
          });
          break;
        }
      }
    }
    return deleted;
  }

  /** At most one reminder per user per day when the balance covers fewer than N days. */
  private async remindLowBalances(now: Date): Promise<void> {
    if (this.config.reminderDays === 0) return;
    const billable = await this.servers.listBillable('9999-12-31');
    const owners = [...new Set(billable.map((server) => server.ownerId))];
    for (const ownerId of owners) {
      const balance = await this.balanceOf(ownerId);
      if (balance.daysCovered === null || balance.daysCovered >= this.config.reminderDays) continue;
      if (!(await this.once(`reminder:user:${ownerId}:${billingDay(now)}`, ownerId))) continue;
      await this.notifications.notify({
        userId: ownerId,
        kind: 'billing',
        title: 'Your balance is running low',
        body: `Your balance covers ${balance.daysCovered} more day${balance.daysCovered === 1 ? '' : 's'} of your servers. Top up to keep them running.`,
        link: '/billing',
      });
      await this.mail.sendToUser(ownerId, 'payment-reminder', {
        balanceMinor: balance.balanceMinor,
        dailyChargeMinor: balance.dailyBurnMinor,
        daysLeft: balance.daysCovered,
      });
    }
  }

  /** A credit arrived: charge and start the user's servers suspended for non-payment, oldest first. */
  @OnEvent(BALANCE_CREDITED, { async: true })
  async resumePaidServers(event: BalanceCreditedEvent): Promise<void> {
    const today = billingDay(new Date());
    for (const server of await this.servers.listSuspendedForBilling(event.userId)) {
      // Pay every day it owes up to today first; a balance that still falls short resumes nothing more.
      if ((await this.chargeServer(server, today)).isUnpaid) return;
      await this.lifecycle.unsuspendServer(null, server.id);
      await this.notifications.notify({
        userId: server.ownerId,
        kind: 'billing',
        title: `${server.hostname} is running again`,
        body: `Thank you for your payment: ${server.hostname} was charged for today and started again.`,
        link: `/servers/${server.id}`,
      });
      await this.mail.sendToUser(server.ownerId, 'server-resumed', {
        serverId: server.id,
        hostname: server.hostname,
      });
    }
  }

  async balanceOf(userId: number): Promise<BalanceView> {
    const user = await this.users.getById(userId);
    const servers = await this.servers.listLiveOf(userId);
    const dailyBurnMinor = servers.reduce(
      (sum, server) => sum + dailyPriceMinor(server.priceMonthlyMinor),
      0,
    );
    return {
      balanceMinor: user.balanceMinor,
      dailyBurnMinor,
      daysCovered: dailyBurnMinor > 0 ? Math.floor(user.balanceMinor / dailyBurnMinor) : null,
    };
  }

  /** True the first time a notice reference is seen (the unique index decides across instances). */
  private async once(reference: string, userId: number): Promise<boolean> {
    if (await this.notices.exists({ where: { reference } })) return false;
    try {
      await this.notices.insert({ reference, userId });
      return true;
    } catch {
      return false;
    }
  }
}
