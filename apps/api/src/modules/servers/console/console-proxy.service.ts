import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';

import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebSocketServer } from 'ws';

import { ProxmoxClient } from '../../proxmox/proxmox-client';
import { ServersService } from '../servers.service';
import { CONSOLE_WEBSOCKET_PATH, ConsoleSessionsService } from './console-sessions.service';
import { proxyRfb } from './rfb-proxy';

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The browser's console WebSocket: a valid single-use token opens a VNC session on Proxmox as the
 * console user, and the two are joined. The browser never talks to Proxmox.
 */
@Injectable()
export class ConsoleProxyService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConsoleProxyService.name);
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
  });
  private httpServer: HttpServer | undefined;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== CONSOLE_WEBSOCKET_PATH) return;
    void this.openConsole(request, socket, head, url.searchParams.get('token') ?? '');
  };

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly sessions: ConsoleSessionsService,
    private readonly servers: ServersService,
    private readonly proxmox: ProxmoxClient,
  ) {}

  onApplicationBootstrap(): void {
    this.httpServer = this.adapterHost.httpAdapter.getHttpServer() as HttpServer;
    this.httpServer.on('upgrade', this.onUpgrade);
  }

  onApplicationShutdown(): void {
    this.httpServer?.off('upgrade', this.onUpgrade);
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private async openConsole(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    token: string,
  ): Promise<void> {
    try {
      const session = token ? await this.sessions.consume(token) : null;
      if (!session) return refuse(socket, 401, 'Unauthorized');
      const server = await this.servers.findById(session.serverId);
      if (
        !server ||
        server.deletedAt ||
        server.status !== 'running' ||
        !server.node ||
        !server.vmid
      ) {
        return refuse(socket, 409, 'Conflict');
      }
      const ticket = await this.proxmox.createConsoleTicket(server.node, server.vmid);
      // The VNC server speaks first; the connection keeps its bytes until the browser is ready.
      const upstream = await this.proxmox.connectConsole(ticket);
      this.wss.handleUpgrade(request, socket, head, (browser) => {
        upstream.stopBuffering();
        this.logger.log(`console opened serverId=${server.id} userId=${session.userId}`);
        browser.once('close', () => this.logger.log(`console closed serverId=${server.id}`));
        proxyRfb(browser, upstream.socket, ticket.password, upstream.buffered).catch(
          (error: unknown) =>
            this.logger.warn(
              `console serverId=${server.id} ended: ${error instanceof Error ? error.message : String(error)}`,
            ),
        );
      });
    } catch (error) {
      this.logger.warn(
        `console upgrade failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      refuse(socket, 502, 'Bad Gateway');
    }
  }
}
