import {
  type ClientToServerEvents,
  SOCKET_EVENTS,
  SOCKET_PATH,
  type ServerToClientEvents,
} from '@hostdeck/contracts';
import {
  DestroyRef,
  Injectable,
  InjectionToken,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { type ManagerOptions, type Socket, type SocketOptions, io } from 'socket.io-client';

import { SessionStore } from '../auth/session-store';

export type HostdeckSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type SocketConnectOptions = Partial<ManagerOptions & SocketOptions>;

/** Creates Socket.IO clients; a seam so specs can hand the app a fake. */
export type SocketFactory = (options: SocketConnectOptions) => HostdeckSocket;

export const SOCKET_FACTORY = new InjectionToken<SocketFactory>('SOCKET_FACTORY', {
  providedIn: 'root',
  // No URL: the same origin that served the app (the dev server proxies SOCKET_PATH).
  factory: () => (options) => io(options),
});

export type SocketState = 'disconnected' | 'connecting' | 'connected';

type ServerEvent = keyof ServerToClientEvents;
type Handler<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];

/**
 * The one Socket.IO connection of a signed-in session (STYLE §10, core/realtime). It connects
 * with the current access token, reconnects with the fresh token after a refresh, refreshes the
 * session once when the handshake is refused, and disconnects on logout. Listeners and server
 * subscriptions survive reconnects.
 */
@Injectable({ providedIn: 'root' })
export class SocketClient {
  private readonly session = inject(SessionStore);
  private readonly createSocket = inject(SOCKET_FACTORY);

  private socket: HostdeckSocket | null = null;
  private usedToken: string | null = null;
  private readonly listeners = new Map<ServerEvent, Set<(payload: never) => void>>();
  private readonly servers = new Set<number>();
  private readonly currentState = signal<SocketState>('disconnected');

  readonly state = this.currentState.asReadonly();

  constructor() {
    effect(() => {
      // A new user object follows every login and token refresh.
      const user = this.session.user();
      untracked(() => {
        if (user === null) this.disconnect();
        else this.connectWith(this.session.accessToken());
      });
    });
    inject(DestroyRef).onDestroy(() => this.disconnect());
  }

  /** Calls `handler` for every `event` until the returned function is called. */
  on<E extends ServerEvent>(event: E, handler: (payload: Handler<E>) => void): () => void {
    let handlers = this.listeners.get(event);
    if (!handlers) {
      handlers = new Set();
      this.listeners.set(event, handlers);
    }
    const stored = handler as (payload: never) => void;
    handlers.add(stored);
    return () => handlers.delete(stored);
  }

  /** Live stats, alerts and status of one server, also after a reconnect. */
  subscribeServer(serverId: number): void {
    this.servers.add(serverId);
    this.socket?.emit(SOCKET_EVENTS.subscribeServer, { serverId }, () => undefined);
  }

  unsubscribeServer(serverId: number): void {
    this.servers.delete(serverId);
    if (this.socket?.connected) {
      this.socket.emit(SOCKET_EVENTS.unsubscribeServer, { serverId }, () => undefined);
    }
  }

  private connectWith(token: string | null): void {
    if (token === null) return this.disconnect();
    if (this.socket && token === this.usedToken) return;
    this.disconnect();
    this.usedToken = token;
    const socket = this.createSocket({
      path: SOCKET_PATH,
      // Read at every (re)connect, so an automatic reconnect uses the freshest token.
      auth: (callback) => callback({ token: this.session.accessToken() ?? token }),
      transports: ['websocket', 'polling'],
    });
    this.socket = socket;
    this.currentState.set('connecting');

    socket.on('connect', () => {
      this.currentState.set('connected');
      for (const serverId of this.servers) {
        socket.emit(SOCKET_EVENTS.subscribeServer, { serverId }, () => undefined);
      }
    });
    socket.on('disconnect', () => {
      if (this.socket === socket) this.currentState.set('connecting');
    });
    socket.on('connect_error', (error: Error) => this.onConnectError(socket, error));
    socket.onAny((event: string, payload: unknown) => {
      for (const handler of this.listeners.get(event as ServerEvent) ?? []) {
        handler(payload as never);
      }
    });
  }

  /** A refused handshake (expired token) is not retried by Socket.IO: refresh, then reconnect. */
  private onConnectError(socket: HostdeckSocket, error: Error): void {
    if (this.socket !== socket || socket.active) return;
    this.currentState.set('disconnected');
    if (!error.message.startsWith('unauthorized') || !this.session.hasTokens()) return;
    const sentToken = this.usedToken;
    const current = this.session.accessToken();
    if (current !== null && current !== sentToken) {
      this.connectWith(current);
      return;
    }
    this.session.refreshAccessToken().subscribe({
      // The new user after the refresh reconnects through the effect; a refused refresh logs out.
      error: () => undefined,
    });
  }

  private disconnect(): void {
    const socket = this.socket;
    this.socket = null;
    this.usedToken = null;
    socket?.removeAllListeners();
    socket?.offAny();
    socket?.disconnect();
    this.currentState.set('disconnected');
  }
}
