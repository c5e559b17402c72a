import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { ConfigType } from '@nestjs/config';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import type { Server as IoServer } from 'socket.io';

import { API_PREFIX } from '@hostdeck/contracts';

import { AppModule } from './app.module';
import { toApiError } from './common/filters/api-exception.filter';
import { registerSecurityHeaders, SECURITY_HEADERS } from './common/http/security-headers';
import { appConfig, redisConfig } from './config/configuration';
import { environment } from './config/environment';
import { trackSocketServers } from './modules/health/graceful-shutdown';
import { RealtimeIoAdapter } from './modules/realtime/realtime-io.adapter';

/** JSON bodies are small; uploads go through multipart with their own limit. */
const BODY_LIMIT_BYTES = 1024 * 1024;
export const UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

/** Where the built Angular app is, relative to the repository root or the API bundle. */
function findWebRoot(): string | undefined {
  const candidates = [resolve('dist/apps/web/browser'), join(__dirname, '../../../../web/browser')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

export interface CreateAppOptions {
  /** Silence request logs (tests). */
  quiet?: boolean;
  /** Receives the Socket.IO servers, for main.ts's graceful shutdown. */
  socketServers?: IoServer[];
}

/** Builds the whole HTTP application; main.ts and the integration tests share it. */
export async function createApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: environment().TRUST_PROXY,
    // What Fastify refuses before routing (a broken %-escape, an over-long id) gets the one error
    // shape too; no hook runs for these, so the security headers are added here.
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) => {
      const body = toApiError(error);
      void reply.status(body.statusCode).headers(SECURITY_HEADERS).send(body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    bufferLogs: true,
    // Quiet (the tests) still prints errors: an unexpected 500 shows its stack in the test output.
    logger: options.quiet ? ['error'] : undefined,
    // Throw start-up errors to the caller (main prints one line; tests see the cause) instead of exiting.
    abortOnError: false,
  });
  if (!options.quiet) app.useLogger(app.get(Logger));
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;

  registerSecurityHeaders(fastify);
  await app.register(fastifyMultipart as never, {
    limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1 },
  });
  app.enableCors({ origin: config.corsOrigins, credentials: true });
  const realtime = new RealtimeIoAdapter(app, config.corsOrigins);
  const redis = app.get<ConfigType<typeof redisConfig>>(redisConfig.KEY);
  if (redis.url) await realtime.connectToRedis(redis.url, redis.keyPrefix);
  if (options.socketServers) trackSocketServers(realtime, options.socketServers);
  app.useWebSocketAdapter(realtime);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['metrics'] });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Hostdeck API')
      .setDescription(
        'Servers, billing, tickets and administration for the Hostdeck hosting panel.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, {
    jsonDocumentUrl: `${API_PREFIX}/docs-json`,
  });

  const webRoot = config.serveWeb ? findWebRoot() : undefined;
  if (webRoot) {
    await app.register(fastifyStatic as never, {
      root: webRoot,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
    });
  }
  if (webRoot) {
    // Any GET that is neither a file nor an API route is a client-side route of the SPA.
    fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0];
      if (path === `/${API_PREFIX}` || path.startsWith(`/${API_PREFIX}/`)) {
        return reply
          .status(404)
          .send({ statusCode: 404, error: 'Not Found', message: `Cannot GET ${path}` });
      }
      return (reply as FastifyReply & { sendFile(file: string): FastifyReply }).sendFile(
        'index.html',
      );
    });
  }

  // Signals are main.ts's (GracefulShutdown): Nest's own hooks would close at once, without a drain.
  return app;
}
