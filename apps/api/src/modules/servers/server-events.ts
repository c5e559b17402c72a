import type { ServerStatus } from '@hostdeck/contracts';

/** In-process event: a server's status or operation changed (the realtime gateway relays it). */
export const SERVER_STATUS_CHANGED = 'server.status-changed';

export interface ServerStatusChangedEvent {
  serverId: number;
  ownerId: number;
  status: ServerStatus;
  operationId?: number;
  message?: string;
}
