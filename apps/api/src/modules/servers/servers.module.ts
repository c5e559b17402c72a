import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { BillingModule } from '../billing/billing.module';
import { CatalogModule } from '../catalog/catalog.module';
import { AdminServersController } from './admin-servers.controller';
import { ConsoleProxyService } from './console/console-proxy.service';
import { ConsoleSessionsService } from './console/console-sessions.service';
import { ConsoleSession } from './entities/console-session.entity';
import { Operation } from './entities/operation.entity';
import { Server } from './entities/server.entity';
import { OperationsService } from './operations.service';
import { ServerLifecycleService } from './server-lifecycle.service';
import { ServerReconcilerService } from './server-reconciler.service';
import { ServersController } from './servers.controller';
import { ServerViewsReader } from './server-views.reader';
import { ServersService } from './servers.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Server, Operation, ConsoleSession]),
    CatalogModule,
    BillingModule,
  ],
  controllers: [ServersController, AdminServersController],
  providers: [
    ServersService,
    OperationsService,
    ServerLifecycleService,
    ServerReconcilerService,
    ConsoleSessionsService,
    ConsoleProxyService,
    ServerViewsReader,
  ],
  exports: [ServersService, ServerLifecycleService],
})
export class ServersModule {}
