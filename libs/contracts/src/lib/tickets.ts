import type { Page } from './admin';
import type { TicketPriority, TicketStatus } from './domain';

export const TICKET_SUBJECT_MAX_LENGTH = 200;
export const TICKET_BODY_MAX_LENGTH = 20_000;

/** Attachments: one per message, at most 5 MB, type checked by content (never by name). */
export const TICKET_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const TICKET_ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
] as const;
export type TicketAttachmentType = (typeof TICKET_ATTACHMENT_TYPES)[number];
/** The multipart field that carries the file. */
export const TICKET_ATTACHMENT_FIELD = 'attachment';

/** `active` is every status but closed. */
export const TICKET_STATUS_FILTERS = [
  'active',
  'open',
  'answered',
  'customer-reply',
  'closed',
] as const;
export type TicketStatusFilter = (typeof TICKET_STATUS_FILTERS)[number];

/**
 * POST /api/tickets, as JSON or as multipart/form-data with the same fields plus an optional
 * `attachment` file.
 */
export interface CreateTicketRequest {
  subject: string;
  body: string;
  priority?: TicketPriority;
  /** One of the caller's own servers. */
  serverId?: number;
}

/** POST /api/tickets/:id/messages (JSON or multipart with an optional `attachment`). */
export interface TicketReplyRequest {
  body: string;
  /** Staff only: a note the customer never sees. */
  isInternal?: boolean;
}

/** PATCH /api/tickets/:id (staff). */
export interface UpdateTicketRequest {
  status?: TicketStatus;
  priority?: TicketPriority;
}

/** POST /api/tickets/:id/assign (staff); null unassigns. */
export interface AssignTicketRequest {
  assigneeId: number | null;
}

export interface TicketListQuery {
  page?: number;
  pageSize?: number;
  status?: TicketStatusFilter;
  priority?: TicketPriority;
  /** Staff: `me`, `none` (unassigned) or a user id. */
  assignee?: 'me' | 'none' | number;
  /** Staff: one customer's tickets. */
  userId?: number;
  /** Part of the subject, a message or (staff) the customer's email; #12 finds ticket 12. */
  search?: string;
}

export interface TicketAttachmentView {
  name: string;
  mimeType: TicketAttachmentType;
  sizeBytes: number;
  /** GET this path (with the bearer token) to download the file. */
  url: string;
}

export interface TicketMessageView {
  id: number;
  ticketId: number;
  authorId: number;
  authorEmail: string;
  isFromStaff: boolean;
  /** Only ever true in staff responses. */
  isInternal: boolean;
  body: string;
  attachment: TicketAttachmentView | null;
  createdAt: string;
}

export interface TicketSummary {
  id: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  serverId: number | null;
  userId: number;
  customerEmail: string;
  assigneeId: number | null;
  assigneeEmail: string | null;
  lastMessageAt: string;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TicketDetail extends TicketSummary {
  messages: TicketMessageView[];
}

export type TicketPage = Page<TicketSummary>;
