import type { UserRole } from '@hostdeck/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { bigintAsNumber, DATETIME } from '../../../database/column-types';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Stored lower-cased, so the unique index makes emails case-insensitive. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email!: string;

  @Column({ type: 'varchar', length: 100 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16, default: 'customer' })
  role!: UserRole;

  @Column({ type: 'bigint', default: 0, transformer: bigintAsNumber })
  balanceMinor!: number;

  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  @CreateDateColumn(DATETIME)
  createdAt!: Date;

  @UpdateDateColumn(DATETIME)
  updatedAt!: Date;

  @Column({ ...DATETIME, nullable: true })
  lastLoginAt!: Date | null;
}
