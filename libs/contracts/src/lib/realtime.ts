import type { ServerStatus } from './domain';

/** Socket.IO event names, used by the gateway and the web client alike. */
export const SOCKET_EVENTS = {
  subscribeServer: 'subscribe-server',
  unsubscribeServer: 'unsubscribe-server',
  serverStats: 'server-stats',
  serverAlerts: 'server-alerts',
  serverStatus: 'server-status',
  notification: 'notification',
} as const;

/** The Socket.IO path on the API's own port. */
export const SOCKET_PATH = '/socket.io';

export interface ServerStatsEvent {
  serverId: number;
  /** Percent of the server's cores (0–100). */
  cpu: number;
  memUsedBytes: number;
  memTotalBytes: number;
  diskUsedBytes: number;
  diskTotalBytes: number;
  /** Bytes since the container started. */
  netInBytes: number;
  netOutBytes: number;
  uptimeSeconds: number;
  at: string;
}

export const ALERT_RESOURCES = ['cpu', 'memory', 'disk'] as const;
export type AlertResource = (typeof ALERT_RESOURCES)[number];

export interface ServerAlertEvent {
  serverId: number;
  resource: AlertResource;
  /** Percent used now. */
  value: number;
  /** Percent that raised the alert. */
  threshold: number;
  /** firing: above the threshold; recovered: back below it. */
  state: 'firing' | 'recovered';
  /** When the sample was taken. */
  at: string;
  /** When the resource went above the threshold (for a recovery: when the episode began). */
  since: string;
}

/**
 * An alert firing now (GET /api/server/:id/alerts): `value` is the latest sampled percent, `at`
 * when the owner was last told (when it started firing, or the last reminder after a cooldown) and
 * `since` when it started firing.
 */
export type ActiveAlert = ServerAlertEvent & { state: 'firing' };

export interface ServerStatusEvent {
  serverId: number;
  status: ServerStatus;
  operationId?: number;
  message?: string;
}

export interface NotificationEvent {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
}

export interface SubscribeServerRequest {
  serverId: number;
}

export type SocketAck = { ok: true } | { ok: false; error: string };

/** Typed maps for socket.io's Server<ClientToServerEvents, ServerToClientEvents> and the client. */
export interface ServerToClientEvents {
  'server-stats': (event: ServerStatsEvent) => void;
  'server-alerts': (event: ServerAlertEvent) => void;
  'server-status': (event: ServerStatusEvent) => void;
  notification: (event: NotificationEvent) => void;
}

export interface ClientToServerEvents {
  'subscribe-server': (request: SubscribeServerRequest, ack: (result: SocketAck) => void) => void;
  'unsubscribe-server': (request: SubscribeServerRequest, ack: (result: SocketAck) => void) => void;
}

export type HistoryRange = '1h' | '24h' | '7d' | '30d';
export const HISTORY_RANGES: readonly HistoryRange[] = ['1h', '24h', '7d', '30d'];

export interface MetricPoint {
  at: string;
  cpuPercent: number;
  cpuMaxPercent: number | null;
  memUsedBytes: number;
  memMaxBytes: number | null;
  diskUsedBytes: number;
  netInBytes: number;
  netOutBytes: number;
}

export interface MetricHistory {
  serverId: number;
  range: HistoryRange;
  /** raw: every sweep; hour: hourly averages with maxima. */
  granularity: 'raw' | 'hour';
  points: MetricPoint[];
}
