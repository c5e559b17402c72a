import type { TicketAttachmentType, TicketMessageView, TicketSummary } from '@hostdeck/contracts';

import type { TicketMessage } from '../entities/ticket-message.entity';
import type { Ticket } from '../entities/ticket.entity';

export function attachmentUrl(ticketId: number, messageId: number): string {
  return `/api/tickets/${ticketId}/messages/${messageId}/attachment`;
}

export function toTicketSummary(
  ticket: Ticket,
  emails: { customerEmail: string; assigneeEmail: string | null },
): TicketSummary {
  return {
    id: ticket.id,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    serverId: ticket.serverId,
    userId: ticket.userId,
    customerEmail: emails.customerEmail,
    assigneeId: ticket.assigneeId,
    assigneeEmail: emails.assigneeEmail,
    lastMessageAt: ticket.lastMessageAt.toISOString(),
    closedAt: ticket.closedAt?.toISOString() ?? null,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
  };
}

export function toTicketMessageView(
  message: TicketMessage,
  authorEmail: string,
): TicketMessageView {
  return {
    id: message.id,
    ticketId: message.ticketId,
    authorId: message.authorId,
    authorEmail,
    isFromStaff: message.isFromStaff,
    isInternal: message.isInternal,
    body: message.body,
    attachment:
      message.attachmentPath && message.attachmentMime
        ? {
            name: message.attachmentName ?? 'attachment',
            mimeType: message.attachmentMime as TicketAttachmentType,
            sizeBytes: message.attachmentSize ?? 0,
            url: attachmentUrl(message.ticketId, message.id),
          }
        : null,
    createdAt: message.createdAt.toISOString(),
  };
}
