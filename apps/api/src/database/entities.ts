import { AuditLog } from '../modules/audit/entities/audit-log.entity';
import { RefreshToken } from '../modules/auth/entities/refresh-token.entity';
import { BillingNotice } from '../modules/billing/entities/billing-notice.entity';
import { Check } from '../modules/billing/entities/check.entity';
import { AlertState } from '../modules/monitoring/entities/alert-state.entity';
import { Transaction } from '../modules/billing/entities/transaction.entity';
import { OperatingSystem } from '../modules/catalog/entities/operating-system.entity';
import { Tariff } from '../modules/catalog/entities/tariff.entity';
import { MailPreference } from '../modules/mail/entities/mail-preference.entity';
import { OutboxMail } from '../modules/mail/entities/outbox-mail.entity';
import { Notification } from '../modules/notifications/entities/notification.entity';
import { ConsoleSession } from '../modules/servers/entities/console-session.entity';
import { Operation } from '../modules/servers/entities/operation.entity';
import { ServerMetric } from '../modules/servers/entities/server-metric.entity';
import { Server } from '../modules/servers/entities/server.entity';
import { TicketMessage } from '../modules/tickets/entities/ticket-message.entity';
import { Ticket } from '../modules/tickets/entities/ticket.entity';
import { User } from '../modules/users/entities/user.entity';

export const ENTITIES = [
  User,
  RefreshToken,
  Tariff,
  OperatingSystem,
  Server,
  ServerMetric,
  Operation,
  Ticket,
  TicketMessage,
  Check,
  Transaction,
  Notification,
  AuditLog,
  ConsoleSession,
  AlertState,
  BillingNotice,
  OutboxMail,
  MailPreference,
];
