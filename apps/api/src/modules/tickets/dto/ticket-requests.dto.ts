import type {
  AssignTicketRequest,
  CreateTicketRequest,
  TicketListQuery,
  TicketPriority,
  TicketReplyRequest,
  TicketStatus,
  TicketStatusFilter,
  UpdateTicketRequest,
} from '@hostdeck/contracts';
import {
  TICKET_BODY_MAX_LENGTH,
  TICKET_PRIORITIES,
  TICKET_STATUS_FILTERS,
  TICKET_STATUSES,
  TICKET_SUBJECT_MAX_LENGTH,
} from '@hostdeck/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

import { PageQueryDto } from '../../../common/http/page-query.dto';

/** Multipart fields arrive as text; JSON values pass through unchanged. */
const formInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
const formBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
const trimmed = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value;

const MAX_ID = 2_147_483_647;

const IsAssigneeFilter = () =>
  ValidateBy({
    name: 'isAssigneeFilter',
    validator: {
      validate: (value: unknown) =>
        value === 'me' ||
        value === 'none' ||
        (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_ID),
      defaultMessage: () => 'assignee must be me, none or a user id',
    },
  });

export class CreateTicketDto implements CreateTicketRequest {
  @ApiProperty({ example: 'Server does not boot', maxLength: TICKET_SUBJECT_MAX_LENGTH })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(TICKET_SUBJECT_MAX_LENGTH)
  readonly subject!: string;

  @ApiProperty({
    example: 'Since this morning web1 hangs at start.',
    maxLength: TICKET_BODY_MAX_LENGTH,
  })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(TICKET_BODY_MAX_LENGTH)
  readonly body!: string;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, default: 'normal' })
  @IsOptional()
  @IsIn(TICKET_PRIORITIES, { message: `priority must be one of: ${TICKET_PRIORITIES.join(', ')}` })
  readonly priority?: TicketPriority;

  @ApiPropertyOptional({ type: 'integer', description: 'One of your servers' })
  @IsOptional()
  @Transform(formInteger)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  readonly serverId?: number;
}

/** Swagger's view of the multipart form: the fields plus the file. */
export class CreateTicketFormDto extends CreateTicketDto {
  @ApiPropertyOptional({
    type: 'string',
    format: 'binary',
    description: 'multipart/form-data only: PNG, JPEG, GIF, WebP, PDF or UTF-8 text, ≤ 5 MB',
  })
  readonly attachment?: unknown;
}

export class TicketReplyDto implements TicketReplyRequest {
  @ApiProperty({ example: 'Thanks, it works again.', maxLength: TICKET_BODY_MAX_LENGTH })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(TICKET_BODY_MAX_LENGTH)
  readonly body!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Staff only: an internal note the customer never sees (no status change)',
  })
  @IsOptional()
  @Transform(formBoolean)
  @IsBoolean()
  readonly isInternal?: boolean;
}

export class TicketReplyFormDto extends TicketReplyDto {
  @ApiPropertyOptional({
    type: 'string',
    format: 'binary',
    description: 'multipart/form-data only: PNG, JPEG, GIF, WebP, PDF or UTF-8 text, ≤ 5 MB',
  })
  readonly attachment?: unknown;
}

export class UpdateTicketDto implements UpdateTicketRequest {
  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @IsOptional()
  @IsIn(TICKET_STATUSES, { message: `status must be one of: ${TICKET_STATUSES.join(', ')}` })
  readonly status?: TicketStatus;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES })
  @IsOptional()
  @IsIn(TICKET_PRIORITIES, { message: `priority must be one of: ${TICKET_PRIORITIES.join(', ')}` })
  readonly priority?: TicketPriority;
}

export class AssignTicketDto implements AssignTicketRequest {
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'A support or admin user; null unassigns',
  })
  @ValidateIf((_object, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  readonly assigneeId!: number | null;
}

export class TicketListQueryDto extends PageQueryDto() implements TicketListQuery {
  @ApiPropertyOptional({
    enum: TICKET_STATUS_FILTERS,
    description: 'active: every status but closed',
  })
  @IsOptional()
  @IsIn(TICKET_STATUS_FILTERS, {
    message: `status must be one of: ${TICKET_STATUS_FILTERS.join(', ')}`,
  })
  readonly status?: TicketStatusFilter;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES })
  @IsOptional()
  @IsIn(TICKET_PRIORITIES, { message: `priority must be one of: ${TICKET_PRIORITIES.join(', ')}` })
  readonly priority?: TicketPriority;

  @ApiPropertyOptional({
    description: 'Staff: me, none (unassigned) or a user id',
    example: 'me',
    type: String,
  })
  @IsOptional()
  @Transform(formInteger)
  @IsAssigneeFilter()
  readonly assignee?: 'me' | 'none' | number;

  @ApiPropertyOptional({ type: 'integer', description: "Staff: one customer's tickets" })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  readonly userId?: number;

  @ApiPropertyOptional({
    description:
      'Part of the subject or a message (staff: or the customer email); #12 finds ticket 12',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  readonly search?: string;
}
