import type { Page } from './admin';
import type { CheckStatus, TransactionType } from './domain';

export interface BalanceView {
  balanceMinor: number;
  /** What the user's billable servers cost per day now. */
  dailyBurnMinor: number;
  /** Whole days the balance pays for; null when nothing is billed. */
  daysCovered: number | null;
}

export interface TransactionView {
  id: number;
  type: TransactionType;
  /** Signed: credits positive, charges negative. */
  amountMinor: number;
  balanceAfterMinor: number;
  description: string;
  serverId: number | null;
  createdAt: string;
}

export type TransactionPage = Page<TransactionView>;

export interface TransactionsQuery {
  page?: number;
  pageSize?: number;
}

/** Receipts are judged by their bytes: these types only, at most 5 MB. */
export const RECEIPT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type ReceiptType = (typeof RECEIPT_TYPES)[number];
export const RECEIPT_MAX_BYTES = 5 * 1024 * 1024;
export const RECEIPT_FIELD = 'receipt';

export interface CheckView {
  id: number;
  userId: number;
  /** What the customer says they paid, or what staff approved. */
  amountMinor: number;
  status: CheckStatus;
  fileName: string;
  fileMime: ReceiptType;
  fileSize: number;
  rejectReason: string | null;
  reviewedAt: string | null;
  createdAt: string;
}

/** A check in the staff review list: with the customer's email. */
export interface StaffCheckView extends CheckView {
  userEmail: string | null;
}

export type CheckPage = Page<StaffCheckView>;

export interface ApproveCheckRequest {
  /** A corrected amount; omitted approves the amount the customer gave. */
  amountMinor?: number;
}

export interface RejectCheckRequest {
  reason: string;
}
