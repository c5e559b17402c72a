/**
 * In-process event: a message the customer can see was posted (never emitted for internal
 * notes, so nothing listening can leak one).
 */
export const TICKET_MESSAGE_POSTED = 'ticket.message-posted';

export interface TicketMessagePostedEvent {
  ticketId: number;
  subject: string;
  customerId: number;
  assigneeId: number | null;
  authorId: number;
  authorEmail: string;
  isFromStaff: boolean;
  /** The ticket was opened with this message. */
  isNewTicket: boolean;
  body: string;
}
