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

/** GET /api/health/live: the process is up and answering (always 200 while it runs). */
export interface LivenessResponse {
  status: 'ok';
  uptimeSeconds: number;
}

/**
 * GET /api/health/ready: may this instance take traffic? 200 when the database answers, every
 * migration has run and the instance is not shutting down; 503 otherwise (a load balancer stops
 * sending it requests).
 */
export interface ReadinessResponse {
  status: 'ready' | 'not-ready';
  checks: {
    database: HealthState;
    migrations: 'done' | 'pending' | 'unknown';
    /** draining: a SIGTERM/SIGINT arrived; the instance finishes its work and exits. */
    lifecycle: 'serving' | 'draining';
  };
}
