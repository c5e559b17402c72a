import type { OutboxMailDetail, OutboxMailSummary, OutboxPage } from '@hostdeck/contracts';
import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { PARSE_ID } from '../../common/http/parse-id.pipe';
import { ClientIp } from '../../common/decorators/client-ip.decorator';
import { AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { ApiErrorResponses } from '../../common/http/api-error-responses.decorator';
import {
  OutboxListQueryDto,
  OutboxMailDetailDto,
  OutboxMailSummaryDto,
  OutboxPageDto,
} from './dto/outbox.dto';
import { MailService } from './mail.service';

/** The mail outbox: every mail the panel wrote, with its delivery state (admins). */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/outbox')
export class AdminOutboxController {
  constructor(private readonly mail: MailService) {}

  @Get()
  @ApiOperation({ summary: 'Outbox: every mail, newest first, with its delivery state (admin)' })
  @ApiOkResponse({ type: OutboxPageDto })
  @ApiErrorResponses(400, 401, 403)
  listOutboxMail(@Query() query: OutboxListQueryDto): Promise<OutboxPage> {
    return this.mail.listOutbox(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One mail with its text and HTML parts (admin)' })
  @ApiOkResponse({ type: OutboxMailDetailDto })
  @ApiErrorResponses(400, 401, 403, 404)
  getOutboxMail(@Param('id', PARSE_ID) id: number): Promise<OutboxMailDetail> {
    return this.mail.getOutboxMail(id);
  }

  @Post(':id/resend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Send a mail again from its first attempt (409 when no SMTP server is configured)',
  })
  @ApiOkResponse({ type: OutboxMailSummaryDto })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  resendOutboxMail(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @ClientIp() ip: string,
  ): Promise<OutboxMailSummary> {
    return this.mail.resendMail(id, user.id, ip);
  }
}
