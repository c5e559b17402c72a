import type { AuditLogPage, AuditLogQuery, AuditLogView } from '@hostdeck/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';

import { PageQueryDto } from '../../common/http/page-query.dto';

export class AuditLogQueryDto extends PageQueryDto() implements AuditLogQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Only actions by this user' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'userId must be a user id' })
  @Min(1, { message: 'userId must be a user id' })
  readonly userId?: number;

  @ApiPropertyOptional({
    example: 'server',
    description: 'An exact action (`server.create`) or its prefix before the dot (`server`)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z0-9.-]+$/, {
    message: 'action may contain lower-case letters, digits, dots and dashes only',
  })
  readonly action?: string;
}

export class AuditLogViewDto implements AuditLogView {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty({ type: 'integer', nullable: true }) actorId!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'admin@hostdeck.local' })
  actorEmail!: string | null;
  @ApiProperty({ example: 'check.approved' }) action!: string;
  @ApiProperty({ type: String, nullable: true, example: 'check' }) targetType!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '12' }) targetId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' }) ip!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { amountMinor: 5000 },
  })
  details!: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class AuditLogPageDto implements AuditLogPage {
  @ApiProperty({ type: [AuditLogViewDto] }) items!: AuditLogViewDto[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) page!: number;
  @ApiProperty({ type: 'integer' }) pageSize!: number;
}
