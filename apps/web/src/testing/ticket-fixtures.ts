import type { TicketDetail, TicketMessageView, TicketSummary } from '@hostdeck/contracts';

export function aTicketSummary(overrides: Partial<TicketSummary> = {}): TicketSummary {
  return {
    id: 3,
    subject: 'Server does not boot',
    status: 'open',
    priority: 'normal',
    serverId: null,
    userId: 7,
    customerEmail: 'alice@example.com',
    assigneeId: null,
    assigneeEmail: null,
    lastMessageAt: '2026-03-01T10:00:00.000Z',
    closedAt: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}

export function aTicketMessage(overrides: Partial<TicketMessageView> = {}): TicketMessageView {
  return {
    id: 11,
    ticketId: 3,
    authorId: 7,
    authorEmail: 'alice@example.com',
    isFromStaff: false,
    isInternal: false,
    body: 'It hangs at boot.',
    attachment: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}

export function aTicket(
  overrides: Partial<TicketDetail> = {},
  messages: TicketMessageView[] = [aTicketMessage()],
): TicketDetail {
  return { ...aTicketSummary(overrides), messages, ...overrides };
}
