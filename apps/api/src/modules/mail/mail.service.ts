import type {
  MailTemplateName,
  OutboxListQuery,
  OutboxMailDetail,
  OutboxMailSummary,
  OutboxPage,
} from '@hostdeck/contracts';
import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { mailConfig } from '../../config/configuration';
import { AuditService } from '../audit/audit.service';
import { UsersService } from '../users/users.service';
import { OutboxMail } from './entities/outbox-mail.entity';
import { MailOutboxWorker } from './mail-outbox.worker';
import { MailPreferencesService } from './mail-preferences.service';
import { MailTransport } from './mail-transport';
import { toOutboxMailDetail, toOutboxMailSummary } from './mappers/to-outbox-view';
import { MailTemplateData, renderMail } from './templates/mail-templates';

export interface SendMailOptions {
  /** Store the mail in the caller's transaction (it goes out once that commits). */
  manager?: EntityManager;
}

/** A LIKE pattern that matches the text literally (ESCAPE '!' reads the same on both dialects). */
export function likePattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (char) => `!${char}`)}%`;
}

/**
 * The one way the panel sends mail. A mail is rendered, stored in the outbox and handed to the
 * background worker, so no request ever waits for SMTP and nothing is silently dropped: without
 * SMTP it is held for admins to read, a failed send stays with its error and is retried.
 */
@Injectable()
export class MailService {
  private readonly logger = new Logger(MailService.name);

  constructor(
    @Inject(mailConfig.KEY) private readonly config: ConfigType<typeof mailConfig>,
    @InjectRepository(OutboxMail) private readonly outbox: Repository<OutboxMail>,
    private readonly users: UsersService,
    private readonly preferences: MailPreferencesService,
    private readonly transport: MailTransport,
    private readonly worker: MailOutboxWorker,
    private readonly audit: AuditService,
  ) {}

  /** Mails a user at their current address; returns the outbox id (null: no such user). */
  async sendToUser<T extends MailTemplateName>(
    userId: number,
    template: T,
    data: MailTemplateData[T],
    options: SendMailOptions = {},
  ): Promise<number | null> {
    const user = await this.users.findById(userId);
    if (!user) {
      this.logger.warn(`mail ${template} not written: userId=${userId} does not exist`);
      return null;
    }
    return this.write(user.email, userId, template, data, options);
  }

  /** Mails an address that may not belong to a user (no preferences apply). */
  sendToAddress<T extends MailTemplateName>(
    to: string,
    template: T,
    data: MailTemplateData[T],
    options: SendMailOptions = {},
  ): Promise<number> {
    return this.write(to, null, template, data, options);
  }

  private async write<T extends MailTemplateName>(
    to: string,
    userId: number | null,
    template: T,
    data: MailTemplateData[T],
    options: SendMailOptions,
  ): Promise<number> {
    const rendered = renderMail(template, data, { panelUrl: this.config.panelUrl });
    const isWanted =
      rendered.isEssential ||
      userId === null ||
      (await this.preferences.getPreferences(userId)).isOptionalMailEnabled;
    const status = !isWanted ? 'skipped' : this.transport.isConfigured ? 'queued' : 'held';
    const repository = options.manager?.getRepository(OutboxMail) ?? this.outbox;
    const saved = await repository.save(
      repository.create({
        userId,
        toAddress: to,
        subject: rendered.subject,
        template,
        textBody: rendered.text,
        htmlBody: rendered.html,
        isEssential: rendered.isEssential,
        status,
        attempts: 0,
        lastError: null,
        nextAttemptAt: status === 'queued' ? new Date() : null,
        lockedUntil: null,
        sentAt: null,
        messageId: null,
      }),
    );
    this.logger.log(
      `mailId=${saved.id} ${template} for ${userId === null ? 'an address' : `userId=${userId}`}: ${status}`,
    );
    // Inside a transaction the row is invisible until commit; the next poll sends it then.
    if (status === 'queued') {
      if (options.manager) setTimeout(() => this.worker.kick(), 100).unref();
      else this.worker.kick();
    }
    return saved.id;
  }

  async listOutbox(query: OutboxListQuery): Promise<OutboxPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 25;
    const builder = this.outbox.createQueryBuilder('mail').orderBy('mail.id', 'DESC');
    if (query.status) builder.andWhere('mail.status = :status', { status: query.status });
    if (query.search) {
      builder.andWhere(
        "(mail.toAddress LIKE :search ESCAPE '!' OR mail.subject LIKE :search ESCAPE '!')",
        { search: likePattern(query.search) },
      );
    }
    const [rows, total] = await builder
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return {
      items: rows.map(toOutboxMailSummary),
      total,
      page,
      pageSize,
      mode: this.transport.isConfigured ? 'smtp' : 'outbox',
    };
  }

  async getOutboxMail(id: number): Promise<OutboxMailDetail> {
    const mail = await this.outbox.findOne({ where: { id } });
    if (!mail) throw new NotFoundException(`Mail ${id} not found`);
    return toOutboxMailDetail(mail);
  }

  /** Queues a mail again from its first attempt (after a final failure, or to send it twice). */
  async resendMail(id: number, actorId: number, ip: string): Promise<OutboxMailSummary> {
    const mail = await this.outbox.findOne({ where: { id } });
    if (!mail) throw new NotFoundException(`Mail ${id} not found`);
    if (!this.transport.isConfigured) {
      throw new ConflictException(
        'No SMTP server is configured (SMTP_HOST): mail stays in the outbox',
      );
    }
    const isBeingSent =
      mail.status === 'sending' && mail.lockedUntil !== null && mail.lockedUntil > new Date();
    if (isBeingSent) throw new ConflictException('This mail is being sent right now');
    const changed = await this.outbox.update(
      { id, status: mail.status, attempts: mail.attempts },
      {
        status: 'queued',
        attempts: 0,
        lastError: null,
        nextAttemptAt: new Date(),
        lockedUntil: null,
      },
    );
    if (changed.affected !== 1) {
      throw new ConflictException('This mail changed meanwhile; reload and try again');
    }
    await this.audit.record({
      action: 'mail.resend',
      actorId,
      targetType: 'mail',
      targetId: id,
      ip,
      details: { previousStatus: mail.status },
    });
    this.worker.kick();
    const fresh = await this.outbox.findOneOrFail({ where: { id } });
    return toOutboxMailSummary(fresh);
  }
}
