import './register-paths';

import type { ConfigType } from '@nestjs/config';

import { createApp } from './app.factory';
import { appConfig } from './config/configuration';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
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
