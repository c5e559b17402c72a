import type {
  MailStatus,
  MailTemplateName,
  OutboxListQuery,
  OutboxMailDetail,
  OutboxMailSummary,
  OutboxPage,
} from '@hostdeck/contracts';
import { MAIL_STATUSES, MAIL_TEMPLATES } from '@hostdeck/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

import { PageQueryDto } from '../../../common/http/page-query.dto';

export class OutboxListQueryDto extends PageQueryDto() implements OutboxListQuery {
  @ApiPropertyOptional({ enum: MAIL_STATUSES })
  @IsOptional()
  @IsIn(MAIL_STATUSES, { message: `status must be one of: ${MAIL_STATUSES.join(', ')}` })
  readonly status?: MailStatus;

  @ApiPropertyOptional({ description: 'Part of the recipient or the subject' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  readonly search?: string;
}

export class OutboxMailSummaryDto implements OutboxMailSummary {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty({ type: 'integer', nullable: true }) userId!: number | null;
  @ApiProperty({ example: 'customer@example.com' }) to!: string;
  @ApiProperty({ example: 'Your server web1 is ready' }) subject!: string;
  @ApiProperty({ enum: MAIL_TEMPLATES }) template!: MailTemplateName;
  @ApiProperty({
    enum: MAIL_STATUSES,
    description:
      'queued/sending: on its way · sent · failed: gave up after the last retry · held: no SMTP configured · skipped: the user turned this mail off',
  })
  status!: MailStatus;
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last attempt failed' })
  lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class OutboxMailDetailDto extends OutboxMailSummaryDto implements OutboxMailDetail {
  @ApiProperty({ description: 'The plain-text part' }) text!: string;
  @ApiProperty({ description: 'The HTML part' }) html!: string;
}

export class OutboxPageDto implements OutboxPage {
  @ApiProperty({ type: [OutboxMailSummaryDto] }) items!: OutboxMailSummaryDto[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) page!: number;
  @ApiProperty({ type: 'integer' }) pageSize!: number;
  @ApiProperty({
    enum: ['smtp', 'outbox'],
    description: 'smtp: mails are sent; outbox: no SMTP server is configured, they are kept here',
  })
  mode!: 'smtp' | 'outbox';
}
