import type { TicketPriority, TicketStatus, TicketStatusFilter } from '@hostdeck/contracts';

export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  open: 'Open',
  answered: 'Answered',
  'customer-reply': 'Customer reply',
  closed: 'Closed',
};

export const TICKET_STATUS_FILTER_LABELS: Record<TicketStatusFilter, string> = {
  active: 'Active',
  ...TICKET_STATUS_LABELS,
};

export const TICKET_PRIORITY_LABELS: Record<TicketPriority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};
