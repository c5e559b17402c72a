import type { CheckPage, CheckView } from '@hostdeck/contracts';
import { RECEIPT_FIELD, RECEIPT_MAX_BYTES } from '@hostdeck/contracts';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { PARSE_ID } from '../../common/http/parse-id.pipe';
import { ClientIp } from '../../common/decorators/client-ip.decorator';
import { AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { ApiErrorResponses } from '../../common/http/api-error-responses.decorator';
import { FormWithFile, FormWithFileBody } from '../../common/uploads/form-with-file';
import { ChecksService } from './checks.service';
import {
  ApproveCheckDto,
  CheckPageDto,
  ChecksQueryDto,
  CheckViewDto,
  RejectCheckDto,
  SubmitCheckDto,
  SubmitCheckFormDto,
} from './dto/checks.dto';

@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class ChecksController {
  constructor(private readonly checks: ChecksService) {}

  @Post('billing/checks')
  @ApiOperation({ summary: 'Upload a payment receipt with the amount paid; staff review it' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: SubmitCheckFormDto })
  @ApiCreatedResponse({ type: CheckViewDto })
  @ApiErrorResponses(400, 401, 413)
  submitCheck(
    @CurrentUser() user: AuthUser,
    @FormWithFileBody(SubmitCheckDto, { field: RECEIPT_FIELD, maxBytes: RECEIPT_MAX_BYTES })
    form: FormWithFile<SubmitCheckDto>,
    @ClientIp() ip: string,
  ): Promise<CheckView> {
    if (!form.file)
      throw new BadRequestException([
        `${RECEIPT_FIELD}: a receipt file is required (multipart/form-data)`,
      ]);
    return this.checks.submitCheck(user, form.fields.amountMinor, form.file, ip);
  }

  @Get('billing/checks')
  @ApiOperation({ summary: 'My payment checks, newest first' })
  @ApiOkResponse({ type: [CheckViewDto] })
  @ApiErrorResponses(401)
  listMyChecks(@CurrentUser() user: AuthUser): Promise<CheckView[]> {
    return this.checks.listMine(user);
  }

  @Get('admin/checks')
  @Roles('support', 'admin')
  @ApiOperation({ summary: 'Staff: payment checks to review (oldest pending first)' })
  @ApiOkResponse({ type: CheckPageDto })
  @ApiErrorResponses(400, 401, 403)
  listChecksForReview(@Query() query: ChecksQueryDto): Promise<CheckPage> {
    return this.checks.listForReview(query.status, query.page ?? 1, query.pageSize ?? 25);
  }

  @Get('admin/checks/:id/file')
  @ApiOperation({ summary: 'The receipt file (its owner or staff)' })
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'application/pdf')
  @ApiErrorResponses(400, 401, 404)
  async downloadReceipt(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { check, stream } = await this.checks.openReceipt(user, id);
    await reply
      .header('content-type', check.fileMime)
      .header('content-disposition', `inline; filename="receipt-${check.id}"`)
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('x-content-type-options', 'nosniff')
      .send(stream);
  }

  @Post('admin/checks/:id/approve')
  @Roles('support', 'admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Staff: approve a check; the balance is credited once' })
  @ApiOkResponse({ type: CheckViewDto })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  approveCheck(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @Body() body: ApproveCheckDto,
    @ClientIp() ip: string,
  ): Promise<CheckView> {
    return this.checks.approveCheck(user, id, body.amountMinor, ip);
  }

  @Post('admin/checks/:id/reject')
  @Roles('support', 'admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Staff: reject a check with a reason' })
  @ApiOkResponse({ type: CheckViewDto })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  rejectCheck(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @Body() body: RejectCheckDto,
    @ClientIp() ip: string,
  ): Promise<CheckView> {
    return this.checks.rejectCheck(user, id, body.reason, ip);
  }
}
