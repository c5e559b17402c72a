import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

import { DATETIME } from '../../../database/column-types';

/** A single-use, short-lived right to open one server's console; only a hash of its token is kept. */
@Entity('console_sessions')
export class ConsoleSession {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  @Column({ type: 'int' })
  serverId!: number;

  @Column({ type: 'int' })
  userId!: number;

  @Column(DATETIME)
  expiresAt!: Date;

  @Column({ ...DATETIME, nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn(DATETIME)
  createdAt!: Date;
}
