import type { Provider } from '@angular/core';

import {
  type HostdeckSocket,
  SOCKET_FACTORY,
  type SocketConnectOptions,
} from '../app/core/realtime/socket-client';

type Listener = (...args: unknown[]) => void;

/** A Socket.IO client without a network: specs play the server with `serverSends`. */
export class FakeSocket {
  connected = false;
  active = true;
  readonly emitted: { event: string; payload: unknown }[] = [];
  private readonly listeners = new Map<string, Listener[]>();
  private anyListeners: Listener[] = [];

  constructor(readonly options: SocketConnectOptions) {}

  /** The token the handshake would send. */
  handshakeToken(): unknown {
    let sent: unknown;
    const auth = this.options.auth;
    if (typeof auth === 'function') auth((data) => (sent = (data as { token?: unknown }).token));
    else sent = (auth as { token?: unknown } | undefined)?.token;
    return sent;
  }

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  onAny(listener: Listener): this {
    this.anyListeners.push(listener);
    return this;
  }

  offAny(): this {
    this.anyListeners = [];
    return this;
  }

  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }

  emit(event: string, payload: unknown): this {
    this.emitted.push({ event, payload });
    return this;
  }

  disconnect(): this {
    this.connected = false;
    this.active = false;
    return this;
  }

  /** The handshake succeeded. */
  acceptConnection(): void {
    this.connected = true;
    for (const listener of this.listeners.get('connect') ?? []) listener();
  }

  /** The handshake was refused (the server's middleware error). */
  refuseConnection(message: string): void {
    this.active = false;
    for (const listener of this.listeners.get('connect_error') ?? []) listener(new Error(message));
  }

  serverSends(event: string, payload: unknown): void {
    for (const listener of this.anyListeners) listener(event, payload);
  }
}

/** Every socket the app created, newest last. */
export class FakeSocketFactory {
  readonly sockets: FakeSocket[] = [];

  get latest(): FakeSocket | undefined {
    return this.sockets[this.sockets.length - 1];
  }

  readonly create = (options: SocketConnectOptions): HostdeckSocket => {
    const socket = new FakeSocket(options);
    this.sockets.push(socket);
    return socket as unknown as HostdeckSocket;
  };
}

export function provideFakeSocket(factory = new FakeSocketFactory()): Provider {
  return { provide: SOCKET_FACTORY, useValue: factory.create };
}
