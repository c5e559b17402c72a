import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { MailService } from '../mail/mail.service';
import { NotificationsService } from '../notifications/notifications.service';
import { UsersService } from '../users/users.service';
import { TICKET_MESSAGE_POSTED, TicketMessagePostedEvent } from './ticket-events';

const NOTIFICATION_EXCERPT = 300;
const MAIL_EXCERPT = 4000;

const excerpt = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/**
 * The other side of a ticket hears about a new message: the customer about a staff reply; the
 * assignee (or, while nobody has the ticket, every support and admin user) about a customer's
 * message. An in-app notification and an email each.
 */
@Injectable()
export class TicketNoticesListener {
  private readonly logger = new Logger(TicketNoticesListener.name);

  constructor(
    private readonly notifications: NotificationsService,
    private readonly mail: MailService,
    private readonly users: UsersService,
  ) {}

  @OnEvent(TICKET_MESSAGE_POSTED)
  async tellTicketParticipants(event: TicketMessagePostedEvent): Promise<void> {
    try {
      if (event.isFromStaff) await this.tellCustomer(event);
      else await this.tellStaff(event);
    } catch (error) {
      this.logger.error(
        `ticketId=${event.ticketId} notices failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async tellCustomer(event: TicketMessagePostedEvent): Promise<void> {
    if (event.customerId === event.authorId) return;
    await this.notifications.notify({
      userId: event.customerId,
      kind: 'ticket',
      title: `Support replied to ticket #${event.ticketId}: ${event.subject}`,
      body: excerpt(event.body, NOTIFICATION_EXCERPT),
      link: `/tickets/${event.ticketId}`,
    });
    await this.mail.sendToUser(event.customerId, 'ticket-reply', {
      ticketId: event.ticketId,
      subject: event.subject,
      authorLabel: 'Hostdeck support',
      excerpt: excerpt(event.body, MAIL_EXCERPT),
      isForStaff: false,
    });
  }

  private async tellStaff(event: TicketMessagePostedEvent): Promise<void> {
    const recipients = (event.assigneeId ? [event.assigneeId] : await this.staffIds()).filter(
      (id) => id !== event.authorId,
    );
    for (const userId of recipients) {
      await this.notifications.notify({
        userId,
        kind: 'ticket',
        title: event.isNewTicket
          ? `New ticket #${event.ticketId}: ${event.subject}`
          : `Customer replied to ticket #${event.ticketId}: ${event.subject}`,
        body: excerpt(event.body, NOTIFICATION_EXCERPT),
        link: `/staff/tickets/${event.ticketId}`,
      });
      if (event.isNewTicket) {
        await this.mail.sendToUser(userId, 'ticket-opened', {
          ticketId: event.ticketId,
          subject: event.subject,
          customerEmail: event.authorEmail,
          excerpt: excerpt(event.body, MAIL_EXCERPT),
        });
      } else {
        await this.mail.sendToUser(userId, 'ticket-reply', {
          ticketId: event.ticketId,
          subject: event.subject,
          authorLabel: event.authorEmail,
          excerpt: excerpt(event.body, MAIL_EXCERPT),
          isForStaff: true,
        });
      }
    }
  }

  /** Everyone who works the queue (support and admins). */
  private async staffIds(): Promise<number[]> {
    const ids: number[] = [];
    for (const role of ['support', 'admin'] as const) {
      const { items } = await this.users.search({ page: 1, pageSize: 100, role });
      ids.push(...items.filter((user) => user.isActive).map((user) => user.id));
    }
    return ids;
  }
}
