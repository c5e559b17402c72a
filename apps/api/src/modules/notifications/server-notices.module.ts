import { Module } from '@nestjs/common';

import { MailModule } from '../mail/mail.module';
import { ServersModule } from '../servers/servers.module';
import { NotificationsModule } from './notifications.module';
import { ServerNoticesListener } from './server-notices.listener';

/**
 * Server lifecycle notices, apart from NotificationsModule so that modules the servers module
 * depends on (billing) can still import NotificationsModule without a cycle.
 */
@Module({
  imports: [NotificationsModule, MailModule, ServersModule],
  providers: [ServerNoticesListener],
})
export class ServerNoticesModule {}
