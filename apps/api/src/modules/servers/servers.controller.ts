import type {
  ConsoleSessionResponse,
  CreateServerResponse,
  OperationAccepted,
  PasswordResetResponse,
  ResizeServerResponse,
  ServerLiveStatus,
  ServerView,
  SnapshotView,
} from '@hostdeck/contracts';
import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { PARSE_ID } from '../../common/http/parse-id.pipe';
import { ClientIp } from '../../common/decorators/client-ip.decorator';
import { AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { ApiErrorResponses } from '../../common/http/api-error-responses.decorator';
import { ConsoleSessionsService } from './console/console-sessions.service';
import { CreateServerDto } from './dto/create-server.dto';
import { ResizeServerDto } from './dto/resize-server.dto';
import { ConsoleSessionDto, ServerListQueryDto } from './dto/server-queries.dto';
import {
  ConsoleSessionResponseDto,
  CreateServerResponseDto,
  OperationAcceptedDto,
  PasswordResetResponseDto,
  ResizeServerResponseDto,
  ServerLiveStatusDto,
  ServerViewDto,
  SnapshotViewDto,
} from './dto/server-responses.dto';
import {
  CreateSnapshotDto,
  OptionalSnapshotNameDto,
  PowerQueryDto,
  SnapshotNameDto,
} from './dto/snapshot.dto';
import { ServerLifecycleService } from './server-lifecycle.service';
import { ServersService } from './servers.service';

/** The seed's server routes, exactly: /api/server/... */
@ApiTags('servers')
@ApiBearerAuth()
@Controller('server')
export class ServersController {
  constructor(
    private readonly servers: ServersService,
    private readonly lifecycle: ServerLifecycleService,
    private readonly consoles: ConsoleSessionsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My servers (staff: every server, with filters)' })
  @ApiOkResponse({ type: [ServerViewDto] })
  @ApiErrorResponses(400, 401)
  listServers(
    @CurrentUser() user: AuthUser,
    @Query() query: ServerListQueryDto,
  ): Promise<ServerView[]> {
    return this.servers.listServers(user, query);
  }

  @Post('create')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Create a server; charges the first day, answers at once, the rest arrives as server-status events',
  })
  @ApiAcceptedResponse({ type: CreateServerResponseDto })
  @ApiErrorResponses(400, 401, 402, 503)
  createServer(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateServerDto,
    @ClientIp() ip: string,
  ): Promise<CreateServerResponse> {
    return this.lifecycle.createServer(user, body, ip);
  }

  @Post('console')
  @ApiOperation({ summary: 'A single-use console session (open its WebSocket within a minute)' })
  @ApiOkResponse({ type: ConsoleSessionResponseDto })
  @HttpCode(HttpStatus.OK)
  @ApiErrorResponses(400, 401, 404, 409)
  createConsoleSession(
    @CurrentUser() user: AuthUser,
    @Body() body: ConsoleSessionDto,
    @ClientIp() ip: string,
  ): Promise<ConsoleSessionResponse> {
    return this.consoles.createSession(user, body.serverId, ip);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One server' })
  @ApiOkResponse({ type: ServerViewDto })
  @ApiErrorResponses(400, 401, 404)
  getServer(@CurrentUser() user: AuthUser, @Param('id', PARSE_ID) id: number): Promise<ServerView> {
    return this.servers.getServerView(user, id);
  }

  @Get(':id/status')
  @ApiOperation({ summary: 'Live stats from Proxmox, or the last known ones marked stale' })
  @ApiOkResponse({ type: ServerLiveStatusDto })
  @ApiErrorResponses(400, 401, 404)
  getServerStatus(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
  ): Promise<ServerLiveStatus> {
    return this.servers.getLiveStatus(user, id);
  }

  @Post(':id/start')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Start a stopped server' })
  @ApiAcceptedResponse({ type: OperationAcceptedDto })
  @ApiErrorResponses(400, 401, 404, 409, 503)
  startServer(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @ClientIp() ip: string,
  ): Promise<OperationAccepted> {
    return this.lifecycle.powerAction(user, id, 'start', false, ip);
  }

  @Post(':id/stop')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Shut down gracefully (hard stop after the timeout); ?force=true stops at once',
  })
  @ApiAcceptedResponse({ type: OperationAcceptedDto })
  @ApiErrorResponses(400, 401, 404, 409, 503)
  stopServer(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @Query() query: PowerQueryDto,
    @ClientIp() ip: string,
  ): Promise<OperationAccepted> {
    return this.lifecycle.powerAction(user, id, 'stop', query.force === 'true', ip);
  }

  @Post(':id/restart')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Reboot a running server' })
  @ApiAcceptedResponse({ type: OperationAcceptedDto })
  @ApiErrorResponses(400, 401, 404, 409, 503)
  restartServer(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @ClientIp() ip: string,
  ): Promise<OperationAccepted> {
    return this.lifecycle.powerAction(user, id, 'restart', false, ip);
  }

  @Post(':id/suspend')
  @Roles('admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Admin: stop the server and mark it suspended' })
  @ApiAcceptedResponse({ type: OperationAcceptedDto })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  suspendServer(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
  ): Promise<OperationAccepted> {
    return this.lifecycle.suspendServer(user, id, 'Suspended by an administrator');
  }

  @Post(':id/unsuspend')
  @Roles('admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Admin: lift a suspension and start the server' })
  @ApiAcceptedResponse({ type: OperationAcceptedDto })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  unsuspendServer(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
  ): Promise<OperationAccepted> {
    return this.lifecycle.unsuspendServer(user, id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Stop and delete the container, then the server' })
  @ApiAcceptedResponse({ type: OperationAcceptedDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 503)
  deleteServer(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @ClientIp() ip: string,
  ): Promise<OperationAccepted> {
    return this.lifecycle.deleteServer(user, id, ip);
  }

  @Post(':id/password')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Set a new random root password (server must be running); shown once' })
  @ApiOkResponse({ type: PasswordResetResponseDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 503)
  resetRootPassword(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @ClientIp() ip: string,
  ): Promise<PasswordResetResponse> {
    return this.lifecycle.resetPassword(user, id, ip);
  }

  @Put(':id/resize')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Change cores/memory, grow the disk; the new price applies from the next day',
  })
  @ApiAcceptedResponse({ type: ResizeServerResponseDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 503)
  resizeServer(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @Body() body: ResizeServerDto,
    @ClientIp() ip: string,
  ): Promise<ResizeServerResponse> {
    return this.lifecycle.resizeServer(user, id, body, ip);
  }

  @Post(':id/snapshots')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Take a snapshot' })
  @ApiAcceptedResponse({ type: OperationAcceptedDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 503)
  createSnapshot(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @Body() body: CreateSnapshotDto,
    @ClientIp() ip: string,
  ): Promise<OperationAccepted> {
    return this.lifecycle.createSnapshot(user, id, body.name, body.description, ip);
  }

  @Get(':id/snapshots')
  @ApiOperation({ summary: 'Snapshots, oldest first' })
  @ApiOkResponse({ type: [SnapshotViewDto] })
  @ApiErrorResponses(400, 401, 404, 503)
  listSnapshots(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
  ): Promise<SnapshotView[]> {
    return this.lifecycle.listSnapshots(user, id);
  }

  @Post(':id/snapshots/rollback')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Roll back to a snapshot (a running server is stopped and started again)',
  })
  @ApiAcceptedResponse({ type: OperationAcceptedDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 503)
  rollbackSnapshot(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @Body() body: SnapshotNameDto,
    @ClientIp() ip: string,
  ): Promise<OperationAccepted> {
    return this.lifecycle.rollbackSnapshot(user, id, body.name, ip);
  }

  @Delete(':id/snapshots')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Delete a snapshot, named in the body or as ?name=' })
  @ApiAcceptedResponse({ type: OperationAcceptedDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 503)
  deleteSnapshot(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @Body() body: OptionalSnapshotNameDto,
    @Query() query: OptionalSnapshotNameDto,
    @ClientIp() ip: string,
  ): Promise<OperationAccepted> {
    const name = body?.name ?? query.name;
    if (!name) throw new BadRequestException(['name is required (in the body or as ?name=)']);
    return this.lifecycle.deleteSnapshot(user, id, name, ip);
  }
}
