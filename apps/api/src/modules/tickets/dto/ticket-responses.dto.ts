import type {
  TicketAttachmentType,
  TicketAttachmentView,
  TicketDetail,
  TicketMessageView,
  TicketPage,
  TicketPriority,
  TicketStatus,
  TicketSummary,
} from '@hostdeck/contracts';
import { TICKET_ATTACHMENT_TYPES, TICKET_PRIORITIES, TICKET_STATUSES } from '@hostdeck/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class TicketAttachmentViewDto implements TicketAttachmentView {
  @ApiProperty({ example: 'screenshot.png' }) name!: string;
  @ApiProperty({ enum: TICKET_ATTACHMENT_TYPES, description: 'Sniffed from the content' })
  mimeType!: TicketAttachmentType;
  @ApiProperty({ type: 'integer' }) sizeBytes!: number;
  @ApiProperty({ example: '/api/tickets/3/messages/7/attachment' }) url!: string;
}

export class TicketMessageViewDto implements TicketMessageView {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty({ type: 'integer' }) ticketId!: number;
  @ApiProperty({ type: 'integer' }) authorId!: number;
  @ApiProperty() authorEmail!: string;
  @ApiProperty() isFromStaff!: boolean;
  @ApiProperty({ description: 'Internal staff note; never part of a customer response' })
  isInternal!: boolean;
  @ApiProperty() body!: string;
  @ApiProperty({ type: TicketAttachmentViewDto, nullable: true })
  attachment!: TicketAttachmentViewDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class TicketSummaryDto implements TicketSummary {
  @ApiProperty({ type: 'integer', example: 3 }) id!: number;
  @ApiProperty({ example: 'Server does not boot' }) subject!: string;
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
  @ApiProperty({ enum: TICKET_PRIORITIES }) priority!: TicketPriority;
  @ApiProperty({ type: 'integer', nullable: true }) serverId!: number | null;
  @ApiProperty({ type: 'integer' }) userId!: number;
  @ApiProperty() customerEmail!: string;
  @ApiProperty({ type: 'integer', nullable: true }) assigneeId!: number | null;
  @ApiProperty({ type: String, nullable: true }) assigneeEmail!: string | null;
  @ApiProperty({ format: 'date-time', description: 'Last message the customer can see' })
  lastMessageAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TicketDetailDto extends TicketSummaryDto implements TicketDetail {
  @ApiProperty({
    type: [TicketMessageViewDto],
    description: 'Oldest first; internal notes only for staff',
  })
  messages!: TicketMessageViewDto[];
}

export class TicketPageDto implements TicketPage {
  @ApiProperty({ type: [TicketSummaryDto] }) items!: TicketSummaryDto[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) page!: number;
  @ApiProperty({ type: 'integer' }) pageSize!: number;
}
