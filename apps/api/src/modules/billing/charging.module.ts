import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { MailModule } from '../mail/mail.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ServersModule } from '../servers/servers.module';
import { UsersModule } from '../users/users.module';
import { BillingController } from './billing.controller';
import { BillingModule } from './billing.module';
import { ChargingService } from './charging.service';
import { BillingNotice } from './entities/billing-notice.entity';

/** Daily charging, suspension and resumption: billing that needs servers (BillingModule is the ledger servers use). */
@Module({
  imports: [
    TypeOrmModule.forFeature([BillingNotice]),
    BillingModule,
    ServersModule,
    UsersModule,
    NotificationsModule,
    MonitoringModule,
    MailModule,
  ],
  controllers: [BillingController],
  providers: [ChargingService],
  exports: [ChargingService],
})
export class ChargingModule {}
