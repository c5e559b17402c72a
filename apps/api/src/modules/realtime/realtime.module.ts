import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module';
import { ServersModule } from '../servers/servers.module';
import { EventsGateway } from './events.gateway';

@Module({
  imports: [AuthModule, ServersModule],
  providers: [EventsGateway],
  exports: [EventsGateway],
})
export class RealtimeModule {}
