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

export interface ServerStatsEvent {
  serverId: number;
  cpu: number;
  memUsedBytes: number;
  memTotalBytes: number;
  diskUsedBytes: number;
  diskTotalBytes: number;
  netInBytes: number;
  netOutBytes: number;
  uptimeSeconds: number;
  at: string;
}

export interface ServerStatusEvent {
  serverId: number;
  status: ServerStatus;
  operationId?: number;
  message?: string;
}

export interface SubscribeServerRequest {
  serverId: number;
}

export type SocketAck = { ok: true } | { ok: false; error: string };
