import type { HealthResponse, LivenessResponse, ReadinessResponse } from '@hostdeck/contracts';
import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';

import { Public } from '../../common/decorators/public.decorator';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @SkipThrottle()
  @Get()
  @ApiOperation({
    summary:
      'Liveness and dependency checks: database (503 when down) and Proxmox (degraded when down)',
  })
  @ApiOkResponse({ description: 'Everything is up' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down' })
  async getHealth(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    const report = await this.health.check();
    if (report.status === 'error') reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  @Public()
  @SkipThrottle()
  @Get('live')
  @ApiOperation({
    summary: 'Liveness: the process is up (200 while it runs; checks no dependency)',
  })
  @ApiOkResponse({ description: 'The process answers' })
  getLiveness(): LivenessResponse {
    return this.health.live();
  }

  @Public()
  @SkipThrottle()
  @Get('ready')
  @ApiOperation({
    summary:
      'Readiness: database reachable, migrations done and not shutting down (503 otherwise; take the instance out of the load balancer)',
  })
  @ApiOkResponse({ description: 'The instance takes traffic' })
  @ApiServiceUnavailableResponse({ description: 'Starting, database down or draining' })
  async getReadiness(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessResponse> {
    const report = await this.health.ready();
    if (report.status !== 'ready') reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
