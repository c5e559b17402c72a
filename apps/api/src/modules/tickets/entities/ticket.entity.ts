import type { TicketPriority, TicketStatus } from '@hostdeck/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { DATETIME } from '../../../database/column-types';

@Entity('tickets')
export class Ticket {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'int' })
  userId!: number;

  @Column({ type: 'int', nullable: true })
  serverId!: number | null;

  @Column({ type: 'varchar', length: 200 })
  subject!: string;

  @Index()
  @Column({ type: 'varchar', length: 16 })
  status!: TicketStatus;

  @Column({ type: 'varchar', length: 8, default: 'normal' })
  priority!: TicketPriority;

  @Index()
  @Column({ type: 'int', nullable: true })
  assigneeId!: number | null;

  /** The last message the customer can see (internal notes do not move it). */
  @Index('IDX_tickets_lastMessageAt')
  @Column(DATETIME)
  lastMessageAt!: Date;

  @Column({ ...DATETIME, nullable: true })
  closedAt!: Date | null;

  @CreateDateColumn(DATETIME)
  createdAt!: Date;

  @UpdateDateColumn(DATETIME)
  updatedAt!: Date;
}
