import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, LessThanOrEqual, Repository } from 'typeorm';

import { mailConfig } from '../../config/configuration';
import { OutboxMail } from './entities/outbox-mail.entity';
import { MailTransport } from './mail-transport';

/** The longest wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 3600_000;
/** A `sending` mail whose worker vanished (crash) is taken over after this. */
const SEND_LEASE_MS = 120_000;
const BATCH_SIZE = 20;

/** Delay before the next attempt after `failedAttempts` failures: base, 2×base, 4×base… capped. */
export function retryDelayMs(failedAttempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, failedAttempts - 1), MAX_RETRY_DELAY_MS);
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 1000 ? `${message.slice(0, 999)}…` : message;
}

/**
 * Sends queued mail in the background: at once when a mail is queued, and every poll interval
 * for retries. Each mail is claimed with a conditional update, so several API instances never
 * send the same mail twice at the same time; a failure is kept on the row with its error and
 * retried with exponential backoff until MAIL_MAX_ATTEMPTS, then marked failed.
 */
@Injectable()
export class MailOutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MailOutboxWorker.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private isRequested = false;
  private isStopped = false;

  constructor(
    @Inject(mailConfig.KEY) private readonly config: ConfigType<typeof mailConfig>,
    @InjectRepository(OutboxMail) private readonly outbox: Repository<OutboxMail>,
    private readonly transport: MailTransport,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.transport.isConfigured) {
      this.logger.log('no SMTP server configured: mail is kept in the outbox for admins');
      return;
    }
    this.timer = setInterval(() => this.kick(), this.config.pollIntervalMs);
    this.timer.unref();
    // Mail queued before a restart goes out now.
    this.kick();
  }

  /** Stops polling and lets a send under way finish while the database is still open. */
  async onModuleDestroy(): Promise<void> {
    this.isStopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Looks for due mail now (or right after the pass under way). */
  kick(): void {
    if (!this.transport.isConfigured || this.isStopped) return;
    if (this.running) {
      this.isRequested = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Sends everything that is due; resolves when the pass is over (tests await it). */
  async drainNow(): Promise<void> {
    this.kick();
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      do {
        this.isRequested = false;
        let batch: OutboxMail[];
        do {
          batch = await this.dueMail();
          for (const mail of batch) {
            if (this.isStopped) return;
            await this.attempt(mail);
          }
        } while (batch.length === BATCH_SIZE && !this.isStopped);
      } while (this.isRequested && !this.isStopped);
    } catch (error) {
      // A timer has nobody to throw to; the next poll tries again.
      this.logger.error(`mail worker pass failed: ${describe(error)}`);
    }
  }

  private dueMail(): Promise<OutboxMail[]> {
    const now = new Date();
    return this.outbox.find({
      where: [
        { status: 'queued', nextAttemptAt: LessThanOrEqual(now) },
        { status: 'sending', lockedUntil: LessThan(now) },
      ],
      order: { id: 'ASC' },
      take: BATCH_SIZE,
    });
  }

  private async attempt(mail: OutboxMail): Promise<void> {
    const attempt = mail.attempts + 1;
    const claimed = await this.outbox.update(
      { id: mail.id, status: mail.status, attempts: mail.attempts },
      {
        status: 'sending',
        attempts: attempt,
        lockedUntil: new Date(Date.now() + SEND_LEASE_MS),
      },
    );
    if (claimed.affected !== 1) return; // Another instance took it.
    try {
      const { messageId } = await this.transport.send({
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.textBody,
        html: mail.htmlBody,
      });
      await this.outbox.update(
        { id: mail.id },
        {
          status: 'sent',
          sentAt: new Date(),
          messageId,
          lastError: null,
          lockedUntil: null,
          nextAttemptAt: null,
        },
      );
      this.logger.log(`mailId=${mail.id} ${mail.template} sent (attempt ${attempt})`);
    } catch (error) {
      const message = describe(error);
      const isFinal = attempt >= this.config.maxAttempts;
      const delay = retryDelayMs(attempt, this.config.retryBaseMs);
      await this.outbox.update(
        { id: mail.id },
        {
          status: isFinal ? 'failed' : 'queued',
          lastError: message,
          lockedUntil: null,
          nextAttemptAt: isFinal ? null : new Date(Date.now() + delay),
        },
      );
      if (isFinal) {
        this.logger.error(
          `mailId=${mail.id} ${mail.template} failed after ${attempt} attempts: ${message}`,
        );
      } else {
        this.logger.warn(
          `mailId=${mail.id} ${mail.template} attempt ${attempt} failed, retry in ${Math.round(delay / 1000)} s: ${message}`,
        );
      }
    }
  }
}
