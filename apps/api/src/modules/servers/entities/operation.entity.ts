import type { OperationState, OperationType } from '@hostdeck/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { DATETIME } from '../../../database/column-types';

/** A Proxmox action on a server, kept so unfinished work is reconciled after a restart. */
@Entity('operations')
export class Operation {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'int' })
  serverId!: number;

  @Column({ type: 'int', nullable: true })
  userId!: number | null;

  @Column({ type: 'varchar', length: 24 })
  type!: OperationType;

  @Index()
  @Column({ type: 'varchar', length: 16 })
  state!: OperationState;

  @Column({ type: 'varchar', length: 255, nullable: true })
  upid!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** JSON with the action's parameters (e.g. the requested size). */
  @Column({ type: 'text', nullable: true })
  payload!: string | null;

  @Column({ ...DATETIME, nullable: true })
  finishedAt!: Date | null;

  @CreateDateColumn(DATETIME)
  createdAt!: Date;

  @UpdateDateColumn(DATETIME)
  updatedAt!: Date;
}
