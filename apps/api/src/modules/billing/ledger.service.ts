import type { TransactionPage, TransactionType } from '@hostdeck/contracts';
import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { UsersService } from '../users/users.service';
import { BALANCE_CREDITED, BalanceCreditedEvent } from './billing-events';
import { Transaction } from './entities/transaction.entity';

export interface LedgerEntry {
  userId: number;
  type: TransactionType;
  /** Signed minor units: credits positive, charges negative. */
  amountMinor: number;
  /** Unique idempotency key, e.g. charge:server:12:2026-11-27 */
  reference: string;
  description: string;
  serverId?: number;
  checkId?: number;
  actorId?: number;
  /** A charge that must not take the balance below zero (402 instead). */
  requireFunds?: boolean;
}

export class InsufficientFundsException extends HttpException {
  constructor(neededMinor: number, balanceMinor: number) {
    super(
      `Insufficient balance: this needs ${(neededMinor / 100).toFixed(2)}, the balance is ${(balanceMinor / 100).toFixed(2)}. Top up first.`,
      HttpStatus.PAYMENT_REQUIRED,
    );
  }
}

/**
 * The ledger: every balance change is a Transaction row written in the same database transaction
 * as the balance itself. A reference already applied is a no-op, so replays never count twice.
 */
@Injectable()
export class LedgerService {
  private readonly logger = new Logger(LedgerService.name);

  constructor(
    private readonly users: UsersService,
    private readonly events: EventEmitter2,
    @InjectRepository(Transaction) private readonly transactions: Repository<Transaction>,
  ) {}

  async listFor(userId: number, page: number, pageSize: number): Promise<TransactionPage> {
    const [rows, total] = await this.transactions.findAndCount({
      where: { userId },
      order: { id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return {
      items: rows.map((row) => ({
        id: row.id,
        type: row.type,
        amountMinor: row.amountMinor,
        balanceAfterMinor: row.balanceAfterMinor,
        description: row.description,
        serverId: row.serverId,
        createdAt: row.createdAt.toISOString(),
      })),
      total,
      page,
      pageSize,
    };
  }

  /**
   * Tells listeners about a credit once the caller's transaction has committed (they read the
   * new balance in transactions of their own).
   */
  announceCredit(userId: number): void {
    const event: BalanceCreditedEvent = { userId };
    this.events.emit(BALANCE_CREDITED, event);
  }

  /**
   * Locks the user's balance for the rest of the transaction and checks it covers a charge. Take
   * it before inserting rows that reference the user: their foreign-key checks take shared locks
   * that concurrent transactions would otherwise deadlock on.
   */
  async lockAndCheckFunds(
    manager: EntityManager,
    userId: number,
    neededMinor: number,
  ): Promise<void> {
    const user = await this.users.lockForBalanceChange(manager, userId);
    if (user.balanceMinor < neededMinor)
      throw new InsufficientFundsException(neededMinor, user.balanceMinor);
  }

  findByReference(manager: EntityManager, reference: string): Promise<Transaction | null> {
    return manager.findOne(Transaction, { where: { reference } });
  }

  async apply(
    manager: EntityManager,
    entry: LedgerEntry,
  ): Promise<{ transaction: Transaction; isNew: boolean }> {
    if (!Number.isInteger(entry.amountMinor))
      throw new RangeError('ledger amounts are integer minor units');
    // The user row lock comes first: it serializes every change of this user's balance,
    // including a concurrent replay of the same reference.
    const user = await this.users.lockForBalanceChange(manager, entry.userId);
    const existing = await manager.findOne(Transaction, { where: { reference: entry.reference } });
    if (existing) return { transaction: existing, isNew: false };
    const balanceAfterMinor = user.balanceMinor + entry.amountMinor;
    if (entry.requireFunds && entry.amountMinor < 0 && balanceAfterMinor < 0) {
      throw new InsufficientFundsException(-entry.amountMinor, user.balanceMinor);
    }
    await this.users.setBalance(manager, user.id, balanceAfterMinor);
    const transaction = await manager.save(
      manager.create(Transaction, {
        userId: entry.userId,
        type: entry.type,
        amountMinor: entry.amountMinor,
        balanceAfterMinor,
        reference: entry.reference,
        description: entry.description,
        serverId: entry.serverId ?? null,
        checkId: entry.checkId ?? null,
        actorId: entry.actorId ?? null,
      }),
    );
    this.logger.log(
      `ledger ${entry.reference} userId=${entry.userId} ${entry.amountMinor} → ${balanceAfterMinor}`,
    );
    return { transaction, isNew: true };
  }
}
