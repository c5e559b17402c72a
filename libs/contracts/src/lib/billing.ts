import type { Page } from './admin';
import type { TransactionType } from './domain';

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
