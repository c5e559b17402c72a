import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import { Logger } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import type { IoAdapter } from '@nestjs/platform-socket.io';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Server as IoServer } from 'socket.io';

import { ChargingService } from '../billing/charging.service';
import { LifecycleState } from './lifecycle-state';

export interface ShutdownTimings {
  /** Keep serving this long after the signal while readiness answers 503. */
  drainMs: number;
  /** The whole shutdown must fit in this; what still runs then is cut off (exit code 1). */
  graceMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Remembers the Socket.IO servers an adapter creates, so a shutdown can close their connections
 * before the HTTP server stops (clients then reconnect, through the proxy, to another instance).
 */
export function trackSocketServers(adapter: IoAdapter, servers: IoServer[]): void {
  const create = adapter.createIOServer.bind(adapter);
  adapter.createIOServer = (port: number, options?: never): IoServer => {
    const server = create(port, options) as IoServer;
    servers.push(server);
    return server;
  };
}

/**
 * The graceful shutdown of one API process, on SIGTERM or SIGINT:
 *
 * 1. readiness turns 503 and the timers stop (monitoring sweep, reconciler, daily charge), so this
 *    instance starts no new background work; for `drainMs` it still serves requests;
 * 2. it stops accepting connections and closes idle keep-alive ones, closes its Socket.IO
 *    connections (the engine's close makes clients reconnect), and lets in-flight requests end;
 * 3. Nest's own shutdown runs: server operations may finish (ServerLifecycleService waits for them;
 *    any left unfinished stay as rows the reconciler settles on the next start), the Redis adapter,
 *    the sweep lock's Redis and the database close;
 * 4. the process exits 0, or 1 when `graceMs` ran out first.
 */
export class GracefulShutdown {
  private readonly logger = new Logger(GracefulShutdown.name);
  private readonly connections = new Set<Socket>();
  private inFlightRequests = 0;
  private isStarted = false;

  constructor(
    private readonly app: INestApplication,
    private readonly socketServers: IoServer[],
    private readonly timings: ShutdownTimings,
  ) {
    const server = this.httpServer;
    server.on('connection', (socket: Socket) => {
      this.connections.add(socket);
      socket.once('close', () => this.connections.delete(socket));
    });
    server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      this.inFlightRequests += 1;
      response.once('close', () => (this.inFlightRequests -= 1));
    });
  }

  private get httpServer(): HttpServer {
    return this.app.getHttpServer() as HttpServer;
  }

  /** Installs the signal handlers; a second signal during a shutdown ends the process at once. */
  listen(exit: (code: number) => void = (code) => process.exit(code)): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.on(signal, () => {
        if (this.isStarted) {
          this.logger.warn(`${signal} again: exiting without waiting`);
          exit(1);
          return;
        }
        void this.run(signal).then(exit);
      });
    }
  }

  /** Runs the shutdown; resolves to the exit code. */
  async run(reason: string): Promise<number> {
    this.isStarted = true;
    const started = Date.now();
    const deadline = started + this.timings.graceMs;
    let force: NodeJS.Timeout | undefined;
    const forced = new Promise<number>((resolve) => {
      force = setTimeout(() => {
        this.logger.error(
          `shutdown took longer than ${this.timings.graceMs} ms; exiting with work cut off (unfinished operations are reconciled on the next start)`,
        );
        resolve(1);
      }, this.timings.graceMs);
    });
    const orderly = this.drainAndClose(reason, started, deadline).then(
      () => 0,
      (error: unknown) => {
        this.logger.error(
          `shutdown failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        return 1;
      },
    );
    const code = await Promise.race([orderly, forced]);
    clearTimeout(force);
    return code;
  }

  private async drainAndClose(reason: string, started: number, deadline: number): Promise<void> {
    this.app.get(LifecycleState).beginDrain();
    this.stopTimers();
    this.logger.log(
      `${reason}: draining (readiness is 503; serving ${this.timings.drainMs} ms more, shutdown bound ${this.timings.graceMs} ms)`,
    );
    await sleep(this.timings.drainMs);

    // No new connections from here on: a proxy sends new requests to the other instances.
    const server = this.httpServer;
    server.close();
    const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
    try {
      // Socket.IO clients see the transport close and reconnect (to an instance still listening).
      for (const io of this.socketServers) io.engine.close();
      const requestsUntil = started + this.timings.drainMs + (deadline - started) / 2;
      while (this.inFlightRequests > 0 && Date.now() < requestsUntil) await sleep(50);
      if (this.inFlightRequests > 0)
        this.logger.warn(`${this.inFlightRequests} request(s) still running; closing them`);
    } finally {
      clearInterval(closeIdle);
    }
    // Console WebSockets and anything else still open are cut; their clients reconnect.
    for (const socket of this.connections) socket.destroy();

    // Operations, Socket.IO's Redis adapter, Redis locks, the simulator child and the database.
    await this.app.close();
    this.logger.log(`shut down in ${Date.now() - started} ms`);
  }

  /** The sweep, the reconciler and the daily charge stop taking new work. */
  private stopTimers(): void {
    const registry = this.app.get(SchedulerRegistry);
    for (const name of registry.getIntervals()) registry.deleteInterval(name);
    for (const name of registry.getTimeouts()) registry.deleteTimeout(name);
    for (const name of registry.getCronJobs().keys()) registry.deleteCronJob(name);
    this.app.get(ChargingService).onApplicationShutdown();
  }
}
