import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

import { SOCKET_PATH } from '@hostdeck/contracts';

/**
 * Socket.IO on the API's port: CORS limited like the REST API, and with REDIS_URL the Redis
 * adapter so room broadcasts reach sockets connected to any instance.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly log = new Logger(RealtimeIoAdapter.name);
  private redisAdapter: ReturnType<typeof createAdapter> | undefined;
  private readonly clients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly corsOrigins: string[],
  ) {
    super(app);
  }

  async connectToRedis(url: string, keyPrefix: string): Promise<void> {
    const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    const subscriber = publisher.duplicate();
    await Promise.all([publisher.connect(), subscriber.connect()]);
    this.clients.push(publisher, subscriber);
    this.redisAdapter = createAdapter(publisher, subscriber, { key: `${keyPrefix}:io` });
    this.log.log('Socket.IO rooms are shared through Redis');
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const server: Server = super.createIOServer(port, {
      ...(options as ServerOptions),
      path: SOCKET_PATH,
      cors: { origin: this.corsOrigins, credentials: true },
      // Other WebSocket paths (the console) share this HTTP server; leave their upgrades alone.
      destroyUpgrade: false,
    });
    if (this.redisAdapter) server.adapter(this.redisAdapter);
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all(this.clients.map((client) => client.quit().catch(() => undefined)));
  }
}
