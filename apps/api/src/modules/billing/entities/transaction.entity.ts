import type { TransactionType } from '@hostdeck/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { bigintAsNumber, DATETIME } from '../../../database/column-types';

/** One ledger entry; the unique reference makes replaying the same change a no-op. */
@Entity('transactions')
@Index(['userId', 'createdAt'])
export class Transaction {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  userId!: number;

  @Column({ type: 'varchar', length: 16 })
  type!: TransactionType;

  /** Signed: credits are positive, charges negative. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  amountMinor!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  balanceAfterMinor!: number;

  @Column({ type: 'varchar', length: 128, unique: true })
  reference!: string;

  @Column({ type: 'varchar', length: 255 })
  description!: string;

  @Column({ type: 'int', nullable: true })
  serverId!: number | null;

  @Column({ type: 'int', nullable: true })
  checkId!: number | null;

  @Column({ type: 'int', nullable: true })
  actorId!: number | null;

  @CreateDateColumn(DATETIME)
  createdAt!: Date;
}
