import { Module } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';

import { ApiExceptionFilter } from './common/filters/api-exception.filter';
import { JwtAuthGuard } from './common/guards/jwt-auth.guard';
import { RolesGuard } from './common/guards/roles.guard';
import { allConfigs, appConfig, databaseConfig } from './config/configuration';
import { DatabaseModule } from './database/database.module';
import { dataSourceOptions } from './database/data-source-options';
import { createMigratedDataSource } from './database/migration-lock';
import { SeedService } from './database/seed.service';
import { AdminModule } from './modules/admin/admin.module';
import { AuditModule } from './modules/audit/audit.module';
import { BillingModule } from './modules/billing/billing.module';
import { ChargingModule } from './modules/billing/charging.module';
import { AuthModule } from './modules/auth/auth.module';
import { CatalogModule } from './modules/catalog/catalog.module';
import { HealthModule } from './modules/health/health.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { MailModule } from './modules/mail/mail.module';
import { MonitoringModule } from './modules/monitoring/monitoring.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { ServerNoticesModule } from './modules/notifications/server-notices.module';
import { ProxmoxModule } from './modules/proxmox/proxmox.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { ServersModule } from './modules/servers/servers.module';
import { TicketsModule } from './modules/tickets/tickets.module';
import { UsersModule } from './modules/users/users.module';

/** Log fields that must never be written: credentials, tokens, hashes, VNC tickets. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.ticket',
  '*.vncticket',
];

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: allConfigs }),
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (app: ConfigType<typeof appConfig>) => ({
        pinoHttp: {
          level: app.logLevel,
          redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
          autoLogging: { ignore: (req) => req.url === '/api/health' },
          // Query strings can carry tokens (console sessions); log the path only.
          serializers: {
            req: (req: { id: unknown; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url.split('?')[0],
            }),
          },
        },
      }),
    }),
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (settings: ConfigType<typeof databaseConfig>) => dataSourceOptions(settings),
      dataSourceFactory: createMigratedDataSource,
    }),
    ThrottlerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (app: ConfigType<typeof appConfig>) => ({
        throttlers: [{ name: 'auth', ttl: 60_000, limit: app.authRateLimitPerMinute }],
        errorMessage: 'Too many attempts, try again in a minute',
      }),
    }),
    EventEmitterModule.forRoot(),
    ScheduleModule.forRoot(),
    DatabaseModule,
    AuditModule,
    ProxmoxModule,
    UsersModule,
    AuthModule,
    CatalogModule,
    BillingModule,
    AdminModule,
    HealthModule,
    ServersModule,
    MailModule,
    NotificationsModule,
    ServerNoticesModule,
    TicketsModule,
    RealtimeModule,
    MonitoringModule,
    ChargingModule,
    MetricsModule,
  ],
  providers: [
    SeedService,
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
})
export class AppModule {}
