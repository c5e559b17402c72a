import './register-paths';

import type { ConfigType } from '@nestjs/config';
import type { Server as IoServer } from 'socket.io';

import { createApp } from './app.factory';
import { appConfig } from './config/configuration';
import { GracefulShutdown } from './modules/health/graceful-shutdown';

async function bootstrap(): Promise<void> {
  const socketServers: IoServer[] = [];
  const app = await createApp({ socketServers });
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  // SIGTERM/SIGINT: drain, finish what runs (bounded), close everything, exit 0.
  new GracefulShutdown(app, socketServers, {
    drainMs: config.shutdownDrainMs,
    graceMs: config.shutdownGraceMs,
  }).listen();
  await app.listen({ port: config.port, host: config.host });
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  process.stdout.write(
    `Hostdeck is running at http://${shown}:${config.port}/ (API docs: /api/docs)\n`,
  );
}

bootstrap().catch((error: unknown) => {
  // A bad configuration is one readable line, not a stack trace.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
