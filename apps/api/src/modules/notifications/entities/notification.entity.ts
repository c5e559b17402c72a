import type { NotificationKind } from '@hostdeck/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { DATETIME } from '../../../database/column-types';

@Entity('notifications')
@Index(['userId', 'readAt'])
export class Notification {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  userId!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: NotificationKind;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  /** In-app route the notification points to, e.g. /servers/12. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  link!: string | null;

  @Column({ ...DATETIME, nullable: true })
  readAt!: Date | null;

  /** Makes a notification idempotent: a second one with the same key is not stored. */
  @Index('IDX_notifications_dedupeKey', { unique: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  dedupeKey!: string | null;

  @CreateDateColumn(DATETIME)
  createdAt!: Date;
}
