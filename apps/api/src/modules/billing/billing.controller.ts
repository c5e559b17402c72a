import type { BalanceView, TransactionPage } from '@hostdeck/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ApiErrorResponses } from '../../common/http/api-error-responses.decorator';
import { ChargingService } from './charging.service';
import { BalanceViewDto, TransactionPageDto, TransactionsQueryDto } from './dto/billing.dto';
import { LedgerService } from './ledger.service';

@ApiTags('billing')
@ApiBearerAuth()
@Controller('billing')
export class BillingController {
  constructor(
    private readonly charging: ChargingService,
    private readonly ledger: LedgerService,
  ) {}

  @Get('balance')
  @ApiOperation({
    summary: 'My balance, what my servers cost per day, and how many days it covers',
  })
  @ApiOkResponse({ type: BalanceViewDto })
  @ApiErrorResponses(401)
  getBalance(@CurrentUser() user: AuthUser): Promise<BalanceView> {
    return this.charging.balanceOf(user.id);
  }

  @Get('transactions')
  @ApiOperation({ summary: 'My ledger, newest first' })
  @ApiOkResponse({ type: TransactionPageDto })
  @ApiErrorResponses(400, 401)
  listTransactions(
    @CurrentUser() user: AuthUser,
    @Query() query: TransactionsQueryDto,
  ): Promise<TransactionPage> {
    return this.ledger.listFor(user.id, query.page ?? 1, query.pageSize ?? 25);
  }
}
