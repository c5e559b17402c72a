import type { CheckStatus } from '@hostdeck/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { bigintAsNumber, DATETIME } from '../../../database/column-types';

/** A payment receipt uploaded by a customer, approved (credited) or rejected by staff. */
@Entity('checks')
export class Check {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'int' })
  userId!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  amountMinor!: number;

  @Index()
  @Column({ type: 'varchar', length: 16 })
  status!: CheckStatus;

  @Column({ type: 'varchar', length: 255 })
  filePath!: string;

  @Column({ type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ type: 'varchar', length: 100 })
  fileMime!: string;

  @Column({ type: 'int' })
  fileSize!: number;

  @Column({ type: 'int', nullable: true })
  reviewerId!: number | null;

  @Column({ type: 'text', nullable: true })
  rejectReason!: string | null;

  @Column({ ...DATETIME, nullable: true })
  reviewedAt!: Date | null;

  @CreateDateColumn(DATETIME)
  createdAt!: Date;

  @UpdateDateColumn(DATETIME)
  updatedAt!: Date;
}
