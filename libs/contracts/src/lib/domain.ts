export const SERVER_STATUSES = [
  'creating',
  'running',
  'stopped',
  'suspended',
  'error',
  'deleting',
  'unknown',
] as const;
export type ServerStatus = (typeof SERVER_STATUSES)[number];

export const OPERATION_TYPES = [
  'create',
  'start',
  'stop',
  'restart',
  'delete',
  'resize',
  'snapshot-create',
  'snapshot-rollback',
  'snapshot-delete',
  'password',
] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const OPERATION_STATES = ['pending', 'running', 'succeeded', 'failed'] as const;
export type OperationState = (typeof OPERATION_STATES)[number];

export const TICKET_STATUSES = ['open', 'answered', 'customer-reply', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const CHECK_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export const TRANSACTION_TYPES = ['topup', 'charge', 'refund', 'adjustment'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export const NOTIFICATION_KINDS = ['server', 'resource', 'billing', 'ticket', 'system'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const OS_TYPES = ['lxc'] as const;
export type OsType = (typeof OS_TYPES)[number];

export interface TariffView {
  id: number;
  name: string;
  /** Monthly price in minor units. */
  priceMonthlyMinor: number;
  cores: number;
  memoryMb: number;
  diskGb: number;
  isActive: boolean;
}

export interface OperatingSystemView {
  id: number;
  name: string;
  templateVolid: string;
  type: OsType;
  isActive: boolean;
}

export interface UpsertTariffRequest {
  name: string;
  priceMonthlyMinor: number;
  cores: number;
  memoryMb: number;
  diskGb: number;
  isActive?: boolean;
}

export interface UpsertOperatingSystemRequest {
  name: string;
  templateVolid: string;
  isActive?: boolean;
}

/** What DELETE did: removed, or only deactivated because servers still use it. */
export interface CatalogRemoval {
  isDeleted: boolean;
  isDeactivated: boolean;
}
