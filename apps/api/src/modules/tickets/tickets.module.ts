import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { MailModule } from '../mail/mail.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ServersModule } from '../servers/servers.module';
import { UsersModule } from '../users/users.module';
import { AttachmentStore } from './attachments/attachment-store';
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
  providers: [TicketsService, TicketNoticesListener, AttachmentStore],
  exports: [TicketsService],
})
export class TicketsModule {}
