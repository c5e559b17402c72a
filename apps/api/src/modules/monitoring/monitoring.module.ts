import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { NotificationsModule } from '../notifications/notifications.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { ServersModule } from '../servers/servers.module';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';
import { AlertState } from './entities/alert-state.entity';
import { MetricsStore } from './metrics-store';
import { MonitoringService } from './monitoring.service';
import { StatsHistoryController } from './stats-history.controller';
import { SweepLock } from './sweep-lock';

@Module({
  imports: [
    TypeOrmModule.forFeature([AlertState]),
    ServersModule,
    RealtimeModule,
    NotificationsModule,
  ],
  controllers: [StatsHistoryController, AlertsController],
  providers: [MonitoringService, MetricsStore, AlertsService, SweepLock],
  exports: [MonitoringService, SweepLock],
})
export class MonitoringModule {}
