import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { bigintAsNumber, DATETIME } from '../../../database/column-types';

export type MetricGranularity = 'raw' | 'hour';

/** A history sample: raw every sweep (kept 24 h) or an hourly roll-up (kept 90 days). */
@Entity('server_metrics')
@Index(['serverId', 'granularity', 'at'])
export class ServerMetric {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  serverId!: number;

  @Column({ type: 'varchar', length: 8 })
  granularity!: MetricGranularity;

  @Index()
  @Column(DATETIME)
  at!: Date;

  @Column({ type: 'double' })
  cpuPercent!: number;

  @Column({ type: 'double', nullable: true })
  cpuMaxPercent!: number | null;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  memUsedBytes!: number;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  memMaxBytes!: number | null;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  diskUsedBytes!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  netInBytes!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  netOutBytes!: number;
}
