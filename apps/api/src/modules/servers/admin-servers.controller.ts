import type { ServerView } from '@hostdeck/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { ApiErrorResponses } from '../../common/http/api-error-responses.decorator';
import { ServerListQueryDto } from './dto/server-queries.dto';
import { ServerViewDto } from './dto/server-responses.dto';
import { ServersService } from './servers.service';

/**
 * The admin area's "all servers": the same list as GET /api/server for staff, under /api/admin
 * with the other staff screens. Suspend and unsuspend stay on /api/server/:id.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/servers')
export class AdminServersController {
  constructor(private readonly servers: ServersService) {}

  @Get()
  @Roles('support', 'admin')
  @ApiOperation({ summary: 'Every server, filtered by status, node, owner or hostname/IP (staff)' })
  @ApiOkResponse({ type: [ServerViewDto] })
  @ApiErrorResponses(400, 401, 403)
  listAllServers(
    @CurrentUser() user: AuthUser,
    @Query() query: ServerListQueryDto,
  ): Promise<ServerView[]> {
    return this.servers.listServers(user, query);
  }
}
