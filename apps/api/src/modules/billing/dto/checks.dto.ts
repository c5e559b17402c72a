import type {
  ApproveCheckRequest,
  CheckPage,
  CheckStatus,
  CheckView,
  ReceiptType,
  RejectCheckRequest,
  StaffCheckView,
} from '@hostdeck/contracts';
import { CHECK_STATUSES, RECEIPT_TYPES } from '@hostdeck/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import { PageQueryDto } from '../../../common/http/page-query.dto';

/** Multipart fields beside the `receipt` file. */
export class SubmitCheckDto {
  @ApiProperty({ type: 'integer', example: 5000, description: 'Amount paid, in minor units' })
  @Type(() => Number)
  @IsInt({ message: 'amountMinor must be a whole number of minor units (cents)' })
  @Min(1, { message: 'amountMinor must be positive' })
  @Max(100_000_000)
  readonly amountMinor!: number;
}

/** What Swagger shows for the multipart upload. */
export class SubmitCheckFormDto extends SubmitCheckDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'JPEG, PNG, WebP or PDF, at most 5 MB (checked by content)',
  })
  readonly receipt!: unknown;
}

export class ApproveCheckDto implements ApproveCheckRequest {
  @ApiPropertyOptional({ type: 'integer', description: 'A corrected amount in minor units' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  readonly amountMinor?: number;
}

export class RejectCheckDto implements RejectCheckRequest {
  @ApiProperty({ example: 'The receipt is unreadable', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  readonly reason!: string;
}

export class ChecksQueryDto extends PageQueryDto() {
  @ApiPropertyOptional({ enum: CHECK_STATUSES })
  @IsOptional()
  @IsIn(CHECK_STATUSES)
  readonly status?: CheckStatus;
}

export class CheckViewDto implements CheckView {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty({ type: 'integer' }) userId!: number;
  @ApiProperty({ type: 'integer', example: 5000 }) amountMinor!: number;
  @ApiProperty({ enum: CHECK_STATUSES }) status!: CheckStatus;
  @ApiProperty({ example: 'receipt.pdf' }) fileName!: string;
  @ApiProperty({ enum: RECEIPT_TYPES }) fileMime!: ReceiptType;
  @ApiProperty({ type: 'integer' }) fileSize!: number;
  @ApiProperty({ type: String, nullable: true }) rejectReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reviewedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class StaffCheckViewDto extends CheckViewDto implements StaffCheckView {
  @ApiProperty({ type: String, nullable: true, example: 'customer@example.com' })
  userEmail!: string | null;
}

export class CheckPageDto implements CheckPage {
  @ApiProperty({ type: [StaffCheckViewDto] }) items!: StaffCheckViewDto[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) page!: number;
  @ApiProperty({ type: 'integer' }) pageSize!: number;
}
