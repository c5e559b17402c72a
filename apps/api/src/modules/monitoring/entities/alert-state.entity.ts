import type { AlertResource } from '@hostdeck/contracts';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { DATETIME } from '../../../database/column-types';

/** Whether a server's resource alert is firing, since when, and when its owner was last told (cooldown). */
@Entity('server_alert_states')
@Index(['serverId', 'resource'], { unique: true })
export class AlertState {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  serverId!: number;

  @Column({ type: 'varchar', length: 8 })
  resource!: AlertResource;

  @Column({ type: 'boolean', default: false })
  isFiring!: boolean;

  @Column({ ...DATETIME, nullable: true })
  lastNotifiedAt!: Date | null;

  /** When the resource went above its threshold; null while it is not firing. */
  @Column({ ...DATETIME, nullable: true })
  firingSince!: Date | null;
}
