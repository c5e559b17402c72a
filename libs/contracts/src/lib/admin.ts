import type { UserRole, UserView } from './auth';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ListUsersQuery {
  page?: number;
  pageSize?: number;
  search?: string;
  role?: UserRole;
}

export type UserPage = Page<UserView>;

export interface UpdateUserRoleRequest {
  role: UserRole;
}

export interface AdjustBalanceRequest {
  /** Signed minor units: positive credits, negative debits. */
  amountMinor: number;
  /** Shown in the customer's ledger. */
  reason: string;
}

export interface AdjustBalanceResponse {
  user: UserView;
  transactionId: number;
}
