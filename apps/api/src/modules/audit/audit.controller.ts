import type { AuditLogPage } from '@hostdeck/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../common/decorators/roles.decorator';
import { ApiErrorResponses } from '../../common/http/api-error-responses.decorator';
import { AuditLogPageDto, AuditLogQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

/** The audit trail, read-only (admins). */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Audit log: who did what to which object, newest first (admin)' })
  @ApiOkResponse({ type: AuditLogPageDto })
  @ApiErrorResponses(400, 401, 403)
  listAuditLog(@Query() query: AuditLogQueryDto): Promise<AuditLogPage> {
    return this.audit.listEntries(query);
  }
}
