import type { ActiveAlert } from '@hostdeck/contracts';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { PARSE_ID } from '../../common/http/parse-id.pipe';
import { AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ApiErrorResponses } from '../../common/http/api-error-responses.decorator';
import { ServersService } from '../servers/servers.service';
import { AlertsService } from './alerts.service';

@ApiTags('servers')
@ApiBearerAuth()
@Controller('server')
export class AlertsController {
  constructor(
    private readonly servers: ServersService,
    private readonly alerts: AlertsService,
  ) {}

  @Get(':id/alerts')
  @ApiOperation({
    summary:
      'Resource alerts firing now on a server (owner or staff), with the latest sampled percent; `server-alerts` events follow',
  })
  @ApiOkResponse({ description: 'The firing alerts in CPU, memory, disk order; empty when none' })
  @ApiErrorResponses(400, 401, 404)
  async listServerAlerts(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
  ): Promise<ActiveAlert[]> {
    const server = await this.servers.getServerView(user, id);
    return this.alerts.listFiring(server);
  }
}
