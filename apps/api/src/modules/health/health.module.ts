import { Module } from '@nestjs/common';

import { MonitoringModule } from '../monitoring/monitoring.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { LifecycleState } from './lifecycle-state';

@Module({
  imports: [MonitoringModule],
  controllers: [HealthController],
  providers: [HealthService, LifecycleState],
  exports: [LifecycleState],
})
export class HealthModule {}
