import type { Page } from './admin';

/** One row of the audit trail: who did what to which object, when, from which IP. */
export interface AuditLogView {
  id: number;
  /** The user who acted; null for the system (billing, monitoring) or a failed login. */
  actorId: number | null;
  /** The actor's email now, when the account still exists. */
  actorEmail: string | null;
  /** Dotted verb, e.g. `server.create`, `check.approved`, `user.role-changed`. */
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  /** Non-secret details recorded with the action. */
  details: Record<string, unknown> | null;
  createdAt: string;
}

export type AuditLogPage = Page<AuditLogView>;

export interface AuditLogQuery {
  page?: number;
  pageSize?: number;
  /** Only actions by this user. */
  userId?: number;
  /** An exact action (`server.create`) or its prefix before the dot (`server`). */
  action?: string;
}
