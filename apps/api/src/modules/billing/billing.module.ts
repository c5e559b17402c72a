import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { UsersModule } from '../users/users.module';
import { Transaction } from './entities/transaction.entity';
import { LedgerService } from './ledger.service';

@Module({
  imports: [TypeOrmModule.forFeature([Transaction]), UsersModule],
  providers: [LedgerService],
  exports: [LedgerService],
})
export class BillingModule {}
