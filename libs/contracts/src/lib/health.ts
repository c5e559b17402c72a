export type HealthState = 'up' | 'down';

export interface HealthResponse {
  status: 'ok' | 'error';
  checks: Record<string, { status: HealthState; message?: string }>;
  version: string;
  uptimeSeconds: number;
}
