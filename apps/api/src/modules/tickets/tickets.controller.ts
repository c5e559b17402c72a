import type { TicketDetail, TicketPage, TicketSummary } from '@hostdeck/contracts';
import { TICKET_ATTACHMENT_FIELD, TICKET_ATTACHMENT_MAX_BYTES } from '@hostdeck/contracts';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  StreamableFile,
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

import { PARSE_ID } from '../../common/http/parse-id.pipe';
import { ClientIp } from '../../common/decorators/client-ip.decorator';
import { AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { ApiErrorResponses } from '../../common/http/api-error-responses.decorator';
import {
  AssignTicketDto,
  CreateTicketDto,
  CreateTicketFormDto,
  TicketListQueryDto,
  TicketReplyDto,
  TicketReplyFormDto,
  UpdateTicketDto,
} from './dto/ticket-requests.dto';
import { TicketDetailDto, TicketPageDto, TicketSummaryDto } from './dto/ticket-responses.dto';
import { FormWithFile, FormWithFileBody } from '../../common/uploads/form-with-file';
import { TicketsService } from './tickets.service';

const ATTACHMENT_RULES = { field: TICKET_ATTACHMENT_FIELD, maxBytes: TICKET_ATTACHMENT_MAX_BYTES };

const MESSAGE_ID = new ParseIntPipe({
  exceptionFactory: () => new BadRequestException(['messageId must be an integer']),
});

/** RFC 6266 Content-Disposition: an ASCII fallback plus the exact UTF-8 name. */
function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Support tickets. Customers work with their own; support staff and admins see the queue of
 * every customer, assign, change status and priority, and add internal notes.
 */
@ApiTags('tickets')
@ApiBearerAuth()
@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get()
  @ApiOperation({
    summary: 'My tickets (staff: the queue of every customer, with filters), newest activity first',
  })
  @ApiOkResponse({ type: TicketPageDto })
  @ApiErrorResponses(400, 401)
  listTickets(
    @CurrentUser() user: AuthUser,
    @Query() query: TicketListQueryDto,
  ): Promise<TicketPage> {
    return this.tickets.listTickets(user, query);
  }

  @Post()
  @ApiOperation({
    summary: 'Open a ticket (JSON, or multipart/form-data with an optional attachment)',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: CreateTicketFormDto })
  @ApiCreatedResponse({ type: TicketDetailDto })
  @ApiErrorResponses(400, 401, 404, 413, 415)
  createTicket(
    @CurrentUser() user: AuthUser,
    @FormWithFileBody(CreateTicketDto, ATTACHMENT_RULES) form: FormWithFile<CreateTicketDto>,
    @ClientIp() ip: string,
  ): Promise<TicketDetail> {
    return this.tickets.createTicket(user, form.fields, form.file, ip);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One ticket with its messages (internal notes for staff only)' })
  @ApiOkResponse({ type: TicketDetailDto })
  @ApiErrorResponses(400, 401, 404)
  getTicket(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
  ): Promise<TicketDetail> {
    return this.tickets.getTicket(user, id);
  }

  @Post(':id/messages')
  @ApiOperation({
    summary:
      'Reply (reopens a closed ticket; staff → answered, customer → customer-reply), or a staff internal note',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: TicketReplyFormDto })
  @ApiCreatedResponse({ type: TicketDetailDto })
  @ApiErrorResponses(400, 401, 403, 404, 413, 415)
  replyToTicket(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @FormWithFileBody(TicketReplyDto, ATTACHMENT_RULES) form: FormWithFile<TicketReplyDto>,
    @ClientIp() ip: string,
  ): Promise<TicketDetail> {
    return this.tickets.replyToTicket(user, id, form.fields, form.file, ip);
  }

  @Get(':id/messages/:messageId/attachment')
  @Header('Cache-Control', 'private, no-store')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  @ApiOperation({ summary: "Download a message's attachment" })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiErrorResponses(400, 401, 404)
  async downloadTicketAttachment(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @Param('messageId', MESSAGE_ID) messageId: number,
  ): Promise<StreamableFile> {
    const file = await this.tickets.getAttachment(user, id, messageId);
    return new StreamableFile(file.stream, {
      type: file.mimeType,
      length: file.sizeBytes,
      disposition: attachmentDisposition(file.name),
    });
  }

  @Post(':id/close')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Close a ticket' })
  @ApiOkResponse({ type: TicketSummaryDto })
  @ApiErrorResponses(400, 401, 404)
  closeTicket(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @ClientIp() ip: string,
  ): Promise<TicketSummary> {
    return this.tickets.closeTicket(user, id, ip);
  }

  @Post(':id/reopen')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reopen a closed ticket' })
  @ApiOkResponse({ type: TicketSummaryDto })
  @ApiErrorResponses(400, 401, 404)
  reopenTicket(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @ClientIp() ip: string,
  ): Promise<TicketSummary> {
    return this.tickets.reopenTicket(user, id, ip);
  }

  @Patch(':id')
  @Roles('support', 'admin')
  @ApiOperation({ summary: 'Staff: change status or priority' })
  @ApiOkResponse({ type: TicketSummaryDto })
  @ApiErrorResponses(400, 401, 403, 404)
  updateTicket(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @Body() body: UpdateTicketDto,
    @ClientIp() ip: string,
  ): Promise<TicketSummary> {
    return this.tickets.updateTicket(user, id, body, ip);
  }

  @Post(':id/assign')
  @HttpCode(HttpStatus.OK)
  @Roles('support', 'admin')
  @ApiOperation({ summary: 'Staff: assign to a support or admin user (null unassigns)' })
  @ApiOkResponse({ type: TicketSummaryDto })
  @ApiErrorResponses(400, 401, 403, 404)
  assignTicket(
    @CurrentUser() user: AuthUser,
    @Param('id', PARSE_ID) id: number,
    @Body() body: AssignTicketDto,
    @ClientIp() ip: string,
  ): Promise<TicketSummary> {
    return this.tickets.assignTicket(user, id, body, ip);
  }
}
