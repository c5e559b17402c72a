import type {
  ClientToServerEvents,
  ServerAlertEvent,
  ServerStatsEvent,
  ServerToClientEvents,
  SocketAck,
  SubscribeServerRequest,
} from '@hostdeck/contracts';
import { SOCKET_EVENTS } from '@hostdeck/contracts';
import { Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';

import type { AuthUser } from '../../common/decorators/current-user.decorator';
import { TokenService } from '../auth/token.service';
import {
  NOTIFICATION_CREATED,
  NotificationCreatedEvent,
} from '../notifications/notifications.service';
import { SERVER_STATUS_CHANGED, ServerStatusChangedEvent } from '../servers/server-events';
import { ServersService } from '../servers/servers.service';
import { type EngineConnection, StatsFrame } from './stats-frames';

type HostdeckServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  ServerSideEvents,
  SocketData
>;
type HostdeckSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  ServerSideEvents,
  SocketData
>;

interface SocketData {
  user: AuthUser;
}

/** Between instances: the sweeping instance hands each one its share of the stats to deliver. */
interface ServerSideEvents {
  'stats-batch': (batch: ServerStatsEvent[]) => void;
}

export const serverRoom = (serverId: number) => `server:${serverId}`;
export const userRoom = (userId: number) => `user:${userId}`;

/**
 * Real time over Socket.IO: the JWT is checked at the handshake, each socket joins its user's room,
 * and a server's room only admits those allowed to see that server.
 */
@WebSocketGateway()
export class EventsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(EventsGateway.name);
  @WebSocketServer() private server!: HostdeckServer;

  constructor(
    private readonly tokens: TokenService,
    private readonly servers: ServersService,
  ) {}

  afterInit(server: HostdeckServer): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token === '')
        return next(new Error('unauthorized: an access token is required'));
      try {
        const claims = this.tokens.verifyAccessToken(token);
        socket.data.user = { id: claims.sub, email: claims.email, role: claims.role };
        next();
      } catch {
        next(new Error('unauthorized: the access token is invalid or expired'));
      }
    });
    server.on('stats-batch', (batch: ServerStatsEvent[]) => this.deliverStatsLocally(batch));
  }

  handleConnection(socket: HostdeckSocket): void {
    const user = socket.data.user;
    void socket.join(userRoom(user.id));
    this.logger.log(`socket connected userId=${user.id} socket=${socket.id}`);
  }

  handleDisconnect(socket: HostdeckSocket): void {
    this.logger.log(`socket disconnected userId=${socket.data.user?.id} socket=${socket.id}`);
  }

  @SubscribeMessage(SOCKET_EVENTS.subscribeServer)
  async subscribeServer(
    @ConnectedSocket() socket: HostdeckSocket,
    @MessageBody() request: SubscribeServerRequest,
  ): Promise<SocketAck> {
    const serverId = Number(request?.serverId);
    if (!Number.isInteger(serverId) || serverId < 1)
      return { ok: false, error: 'serverId must be a positive integer' };
    try {
      await this.servers.getForAction(socket.data.user, serverId, 'view');
    } catch {
      return { ok: false, error: `Server ${serverId} not found` };
    }
    await socket.join(serverRoom(serverId));
    return { ok: true };
  }

  @SubscribeMessage(SOCKET_EVENTS.unsubscribeServer)
  async unsubscribeServer(
    @ConnectedSocket() socket: HostdeckSocket,
    @MessageBody() request: SubscribeServerRequest,
  ): Promise<SocketAck> {
    await socket.leave(serverRoom(Number(request?.serverId)));
    return { ok: true };
  }

  @OnEvent(SERVER_STATUS_CHANGED)
  relayServerStatus(event: ServerStatusChangedEvent): void {
    const { ownerId, ...payload } = event;
    this.server.to([serverRoom(event.serverId), userRoom(ownerId)]).emit('server-status', payload);
  }

  /** Stats after a sweep: delivered here and, through the adapter, by every other instance. */
  publishStats(batch: ServerStatsEvent[]): void {
    if (batch.length === 0) return;
    this.deliverStatsLocally(batch);
    if (this.isShared) this.server.serverSideEmit('stats-batch', batch);
  }

  /** Whether other instances share the rooms (the Redis adapter); the in-memory one cannot relay. */
  private get isShared(): boolean {
    return this.server.of('/').adapter.constructor.name !== 'Adapter';
  }

  sendAlert(event: ServerAlertEvent): void {
    this.server.to(serverRoom(event.serverId)).emit('server-alerts', event);
  }

  @OnEvent(NOTIFICATION_CREATED)
  relayNotification(event: NotificationCreatedEvent): void {
    this.server.to(userRoom(event.userId)).emit('notification', event.notification);
  }

  get connectedSockets(): number {
    return this.server?.engine?.clientsCount ?? 0;
  }

  /**
   * Only rooms with a subscriber on this instance get anything; each server's frame is built once
   * and written to its subscribers' connections (see stats-frames.ts for why not `room.emit`).
   * The bytes are exactly what `socket.emit('server-stats', stats)` sends.
   */
  private deliverStatsLocally(batch: ServerStatsEvent[]): void {
    const { rooms } = this.server.sockets.adapter;
    const { sockets } = this.server.sockets;
    let skipped = 0;
    for (const stats of batch) {
      const members = rooms.get(serverRoom(stats.serverId));
      if (!members) continue;
      const frame = new StatsFrame(stats);
      for (const socketId of members) {
        const socket = sockets.get(socketId);
        if (socket && !frame.writeTo(socket.conn as unknown as EngineConnection)) skipped++;
      }
    }
    if (skipped > 0)
      this.logger.warn(`server-stats skipped for ${skipped} connections that are not reading`);
  }
}
