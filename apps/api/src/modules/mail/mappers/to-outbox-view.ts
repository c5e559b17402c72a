import type { OutboxMailDetail, OutboxMailSummary } from '@hostdeck/contracts';

import type { OutboxMail } from '../entities/outbox-mail.entity';

export function toOutboxMailSummary(mail: OutboxMail): OutboxMailSummary {
  return {
    id: mail.id,
    userId: mail.userId,
    to: mail.toAddress,
    subject: mail.subject,
    template: mail.template,
    status: mail.status,
    attempts: mail.attempts,
    lastError: mail.lastError,
    nextAttemptAt: mail.nextAttemptAt?.toISOString() ?? null,
    sentAt: mail.sentAt?.toISOString() ?? null,
    createdAt: mail.createdAt.toISOString(),
  };
}

export function toOutboxMailDetail(mail: OutboxMail): OutboxMailDetail {
  return { ...toOutboxMailSummary(mail), text: mail.textBody, html: mail.htmlBody };
}
