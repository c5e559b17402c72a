import type { ServerStatus } from '@hostdeck/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { bigintAsNumber, DATETIME } from '../../../database/column-types';

@Entity('servers')
@Index(['node', 'vmid'], { unique: true })
export class Server {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'int' })
  ownerId!: number;

  @Column({ type: 'int' })
  tariffId!: number;

  @Column({ type: 'int' })
  osId!: number;

  @Column({ type: 'varchar', length: 63 })
  hostname!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  node!: string | null;

  @Column({ type: 'int', nullable: true })
  vmid!: number | null;

  @Index()
  @Column({ type: 'varchar', length: 16 })
  status!: ServerStatus;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ipAddress!: string | null;

  @Column({ type: 'int' })
  cores!: number;

  @Column({ type: 'int' })
  memoryMb!: number;

  @Column({ type: 'int' })
  diskGb!: number;

  /** What the server costs per month now (tariff price adjusted by resizes). */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  priceMonthlyMinor!: number;

  @Column({ type: 'double', nullable: true })
  cpuPercent!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  memUsedBytes!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  memTotalBytes!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  diskUsedBytes!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  diskTotalBytes!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  netInBytes!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  netOutBytes!: number | null;

  @Column({ type: 'int', nullable: true })
  uptimeSeconds!: number | null;

  @Column({ ...DATETIME, nullable: true })
  metricsAt!: Date | null;

  /** The operation running now; set atomically so only one runs per server. */
  @Column({ type: 'int', nullable: true })
  activeOperationId!: number | null;

  /** Last day (YYYY-MM-DD, UTC) that has been charged. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  billedThrough!: string | null;

  @Column({ ...DATETIME, nullable: true })
  suspendedAt!: Date | null;

  /** billing: lifted automatically once the balance pays; admin: only an admin lifts it. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  suspendReason!: 'billing' | 'admin' | null;

  @CreateDateColumn(DATETIME)
  createdAt!: Date;

  @UpdateDateColumn(DATETIME)
  updatedAt!: Date;

  @Column({ ...DATETIME, nullable: true })
  deletedAt!: Date | null;
}
