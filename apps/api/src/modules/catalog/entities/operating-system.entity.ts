import type { OsType } from '@hostdeck/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { DATETIME } from '../../../database/column-types';

@Entity('operating_systems')
export class OperatingSystem {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  /** Proxmox template volume, e.g. local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst */
  @Column({ type: 'varchar', length: 255, unique: true })
  templateVolid!: string;

  @Column({ type: 'varchar', length: 8, default: 'lxc' })
  type!: OsType;

  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  @CreateDateColumn(DATETIME)
  createdAt!: Date;

  @UpdateDateColumn(DATETIME)
  updatedAt!: Date;
}
