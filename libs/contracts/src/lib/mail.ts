import type { Page } from './admin';

export const MAIL_TEMPLATES = [
  'welcome',
  'password-changed',
  'server-created',
  'server-failed',
  'server-deleted',
  'server-suspended',
  'server-resumed',
  'deletion-warning',
  'resource-alert',
  'resource-recovered',
  'payment-reminder',
  'check-approved',
  'check-rejected',
  'ticket-opened',
  'ticket-reply',
] as const;
export type MailTemplateName = (typeof MAIL_TEMPLATES)[number];

/**
 * queued: waiting for its (next) attempt · sending: an attempt is under way · sent: accepted by
 * the SMTP server · failed: gave up after the last retry (an admin can resend) · held: no SMTP
 * server is configured, kept in the outbox for admins to read · skipped: the recipient turned
 * this kind of mail off.
 */
export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'held', 'skipped'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export interface OutboxMailSummary {
  id: number;
  userId: number | null;
  to: string;
  subject: string;
  template: MailTemplateName;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  createdAt: string;
}

export interface OutboxMailDetail extends OutboxMailSummary {
  text: string;
  html: string;
}

export interface OutboxListQuery {
  page?: number;
  pageSize?: number;
  status?: MailStatus;
  /** Part of the recipient or the subject. */
  search?: string;
}

export interface OutboxPage extends Page<OutboxMailSummary> {
  /** smtp: a server is configured and mails are sent; outbox: they are only stored here. */
  mode: 'smtp' | 'outbox';
}
