import type { MailStatus, MailTemplateName } from '@hostdeck/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { DATETIME } from '../../../database/column-types';

/** Every mail the panel writes, sent or not: the queue of the mail worker and the admins' outbox. */
@Entity('mail_outbox')
@Index('IDX_mail_outbox_status_next', ['status', 'nextAttemptAt'])
export class OutboxMail {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('IDX_mail_outbox_userId')
  @Column({ type: 'int', nullable: true })
  userId!: number | null;

  @Column({ type: 'varchar', length: 254 })
  toAddress!: string;

  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  @Column({ type: 'varchar', length: 32 })
  template!: MailTemplateName;

  @Column({ type: 'text' })
  textBody!: string;

  @Column({ type: 'text' })
  htmlBody!: string;

  @Column({ type: 'boolean', default: true })
  isEssential!: boolean;

  @Column({ type: 'varchar', length: 12 })
  status!: MailStatus;

  @Column({ type: 'int' })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ ...DATETIME, nullable: true })
  nextAttemptAt!: Date | null;

  /** While `sending`: another worker may take the mail over after this (its sender died). */
  @Column({ ...DATETIME, nullable: true })
  lockedUntil!: Date | null;

  @Column({ ...DATETIME, nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  messageId!: string | null;

  @CreateDateColumn(DATETIME)
  createdAt!: Date;

  @UpdateDateColumn(DATETIME)
  updatedAt!: Date;
}
