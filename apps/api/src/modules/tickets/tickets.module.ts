import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { MailModule } from '../mail/mail.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ServersModule } from '../servers/servers.module';
import { UsersModule } from '../users/users.module';
import { join } from 'node:path';

import type { ConfigType } from '@nestjs/config';

import { UploadStore } from '../../common/uploads/upload-store';
import { appConfig } from '../../config/configuration';
import { TICKET_ATTACHMENT_STORE } from './tickets.tokens';
import { TicketMessage } from './entities/ticket-message.entity';
import { Ticket } from './entities/ticket.entity';
import { TicketNoticesListener } from './ticket-notices.listener';
import { TicketsController } from './tickets.controller';
import { TicketsService } from './tickets.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Ticket, TicketMessage]),
    ServersModule,
    UsersModule,
    NotificationsModule,
    MailModule,
  ],
  controllers: [TicketsController],
  providers: [
    TicketsService,
    TicketNoticesListener,
    {
      provide: TICKET_ATTACHMENT_STORE,
      inject: [appConfig.KEY],
      useFactory: (app: ConfigType<typeof appConfig>) =>
        new UploadStore(join(app.dataDir, 'attachments')),
    },
  ],
  exports: [TicketsService],
})
export class TicketsModule {}
