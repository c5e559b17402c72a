import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { DATETIME } from '../../../database/column-types';

/** A user's mail settings; no row means the defaults (every mail on). */
@Entity('mail_preferences')
export class MailPreference {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('IDX_mail_preferences_userId', { unique: true })
  @Column({ type: 'int' })
  userId!: number;

  @Column({ type: 'boolean', default: true })
  isOptionalMailEnabled!: boolean;

  @CreateDateColumn(DATETIME)
  createdAt!: Date;

  @UpdateDateColumn(DATETIME)
  updatedAt!: Date;
}
