import type { HistoryRange, MetricHistory } from '@hostdeck/contracts';
import { HISTORY_RANGES } from '@hostdeck/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import { PARSE_ID } from '../../common/http/parse-id.pipe';
import { AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ApiErrorResponses } from '../../common/http/api-error-responses.decorator';
import { ServersService } from '../servers/servers.service';
import { MetricsStore } from './metrics-store';

export class HistoryQueryDto {
  @ApiPropertyOptional({ enum: HISTORY_RANGES, default: '1h' })
  @IsOptional()
  @IsIn(HISTORY_RANGES, { message: `range must be one of ${HISTORY_RANGES.join(', ')}` })
  readonly range?: HistoryRange;
}

@ApiTags('servers')
@ApiBearerAuth()
@Controller('server')
export class StatsHistoryController {
  constructor(
    private readonly servers: ServersService,
    private readonly metrics: MetricsStore,
  ) {}

  @Get(':id/stats/history')
  @ApiOperation({
    summary: 'Metric history for the Stats tab: raw samples (1h, 24h) or hourly roll-ups (7d, 30d)',
  })
  @ApiOkResponse({ description: 'The series, oldest first' })
  @ApiErrorResponses(400, 401, 404)
  async getStatsHistory(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @Query() query: HistoryQueryDto,
  ): Promise<MetricHistory> {
    await this.servers.getForAction(user, id, 'view');
    return this.metrics.history(id, query.range ?? '1h');
  }
}
