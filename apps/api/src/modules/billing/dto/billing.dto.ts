import type {
  BalanceView,
  TransactionPage,
  TransactionsQuery,
  TransactionType,
  TransactionView,
} from '@hostdeck/contracts';
import { TRANSACTION_TYPES } from '@hostdeck/contracts';
import { ApiProperty } from '@nestjs/swagger';

import { PageQueryDto } from '../../../common/http/page-query.dto';

export class BalanceViewDto implements BalanceView {
  @ApiProperty({ type: 'integer', example: 4983 }) balanceMinor!: number;
  @ApiProperty({ type: 'integer', example: 17, description: 'What the live servers cost per day' })
  dailyBurnMinor!: number;
  @ApiProperty({ type: 'integer', nullable: true, example: 293 }) daysCovered!: number | null;
}

export class TransactionViewDto implements TransactionView {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty({ enum: TRANSACTION_TYPES }) type!: TransactionType;
  @ApiProperty({ type: 'integer', example: -17 }) amountMinor!: number;
  @ApiProperty({ type: 'integer', example: 4983 }) balanceAfterMinor!: number;
  @ApiProperty({ example: 'web1: 2026-11-27' }) description!: string;
  @ApiProperty({ type: 'integer', nullable: true }) serverId!: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class TransactionPageDto implements TransactionPage {
  @ApiProperty({ type: [TransactionViewDto] }) items!: TransactionViewDto[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) page!: number;
  @ApiProperty({ type: 'integer' }) pageSize!: number;
}

export class TransactionsQueryDto extends PageQueryDto() implements TransactionsQuery {}
