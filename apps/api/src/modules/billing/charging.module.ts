import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { MailModule } from '../mail/mail.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ServersModule } from '../servers/servers.module';
import { UsersModule } from '../users/users.module';
import { join } from 'node:path';

import type { ConfigType } from '@nestjs/config';

import { UploadStore } from '../../common/uploads/upload-store';
import { appConfig } from '../../config/configuration';
import { BillingController } from './billing.controller';
import { ChecksController } from './checks.controller';
import { ChecksService, RECEIPT_STORE } from './checks.service';
import { BillingModule } from './billing.module';
import { ChargingService } from './charging.service';
import { BillingNotice } from './entities/billing-notice.entity';
import { Check } from './entities/check.entity';

/** Daily charging, suspension and resumption: billing that needs servers (BillingModule is the ledger servers use). */
@Module({
  imports: [
    TypeOrmModule.forFeature([BillingNotice, Check]),
    BillingModule,
    ServersModule,
    UsersModule,
    NotificationsModule,
    MonitoringModule,
    MailModule,
  ],
  controllers: [BillingController, ChecksController],
  providers: [
    ChargingService,
    ChecksService,
    {
      provide: RECEIPT_STORE,
      inject: [appConfig.KEY],
      // Receipts live outside any served folder, under random names.
      useFactory: (app: ConfigType<typeof appConfig>) =>
        new UploadStore(join(app.dataDir, 'receipts')),
    },
  ],
  exports: [ChargingService],
})
export class ChargingModule {}
