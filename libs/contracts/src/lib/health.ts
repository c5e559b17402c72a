export type HealthState = 'up' | 'down';

export interface HealthResponse {
  /** error: the database is down (503); degraded: Proxmox is unreachable, the rest works. */
  status: 'ok' | 'degraded' | 'error';
  checks: Record<string, { status: HealthState; message?: string }>;
  version: string;
  uptimeSeconds: number;
  /** The last monitoring sweep this instance ran. */
  lastSweep: { at: string; durationMs: number; serversSwept: number; error: string | null } | null;
}
