import type { HistoryRange, MetricHistory } from '@hostdeck/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { ServerMetric } from '../servers/entities/server-metric.entity';

export interface SweepSample {
  serverId: number;
  cpuPercent: number;
  memUsedBytes: number;
  memTotalBytes: number;
  diskUsedBytes: number;
  diskTotalBytes: number;
  netInBytes: number;
  netOutBytes: number;
  uptimeSeconds: number;
}

/** TypeORM's own datetime text, which both SQLite and MariaDB (timezone 'Z') read as UTC. */
export function sqlDatetime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

const CHUNK = 400;

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

const RANGES: Record<HistoryRange, { ms: number; granularity: 'raw' | 'hour' }> = {
  '1h': { ms: 3600_000, granularity: 'raw' },
  '24h': { ms: 24 * 3600_000, granularity: 'raw' },
  '7d': { ms: 7 * 24 * 3600_000, granularity: 'hour' },
  '30d': { ms: 30 * 24 * 3600_000, granularity: 'hour' },
};

/**
 * Metric writes in a constant number of statements per sweep (one multi-row INSERT and one CASE
 * UPDATE per 400 servers, in one transaction), history reads, roll-ups and pruning.
 */
@Injectable()
export class MetricsStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async writeSweep(samples: SweepSample[], at: Date): Promise<number> {
    if (samples.length === 0) return 0;
    let statements = 0;
    const atText = sqlDatetime(at);
    await this.dataSource.transaction(async (manager: EntityManager) => {
      for (const part of chunks(samples, CHUNK)) {
        await manager.insert(
          ServerMetric,
          part.map((sample) => ({
            serverId: sample.serverId,
            granularity: 'raw' as const,
            at,
            cpuPercent: sample.cpuPercent,
            cpuMaxPercent: null,
            memUsedBytes: sample.memUsedBytes,
            memMaxBytes: null,
            diskUsedBytes: sample.diskUsedBytes,
            netInBytes: sample.netInBytes,
            netOutBytes: sample.netOutBytes,
          })),
        );
        const columns: [string, (sample: SweepSample) => number][] = [
          ['cpuPercent', (s) => s.cpuPercent],
          ['memUsedBytes', (s) => s.memUsedBytes],
          ['memTotalBytes', (s) => s.memTotalBytes],
          ['diskUsedBytes', (s) => s.diskUsedBytes],
          ['diskTotalBytes', (s) => s.diskTotalBytes],
          ['netInBytes', (s) => s.netInBytes],
          ['netOutBytes', (s) => s.netOutBytes],
          ['uptimeSeconds', (s) => s.uptimeSeconds],
        ];
        const params: (number | string)[] = [];
        const sets = columns.map(([column, read]) => {
          const cases = part.map((sample) => {
            params.push(sample.serverId, read(sample));
            return 'WHEN ? THEN ?';
          });
          return `${column} = CASE id ${cases.join(' ')} END`;
        });
        params.push(atText, ...part.map((sample) => sample.serverId));
        await manager.query(
          `UPDATE servers SET ${sets.join(', ')}, metricsAt = ? WHERE id IN (${part.map(() => '?').join(', ')})`,
          params,
        );
        statements += 2;
      }
    });
    return statements;
  }

  async history(serverId: number, range: HistoryRange): Promise<MetricHistory> {
    const { ms, granularity } = RANGES[range];
    const rows = await this.dataSource
      .getRepository(ServerMetric)
      .createQueryBuilder('metric')
      .where('metric.serverId = :serverId', { serverId })
      .andWhere('metric.granularity = :granularity', { granularity })
      .andWhere('metric.at >= :since', { since: new Date(Date.now() - ms) })
      .orderBy('metric.at', 'ASC')
      .getMany();
    return {
      serverId,
      range,
      granularity,
      points: rows.map((row) => ({
        at: row.at.toISOString(),
        cpuPercent: row.cpuPercent,
        cpuMaxPercent: row.cpuMaxPercent,
        memUsedBytes: row.memUsedBytes,
        memMaxBytes: row.memMaxBytes,
        diskUsedBytes: row.diskUsedBytes,
        netInBytes: row.netInBytes,
        netOutBytes: row.netOutBytes,
      })),
    };
  }

  /**
   * Rolls the raw samples of each complete hour into one hourly row per server (averages and
   * maxima), once per hour, then drops raw samples older than a day and roll-ups older than 90 days.
   */
  async rollUpAndPrune(
    now: Date,
    rawRetentionMs: number,
    hourlyRetentionMs: number,
  ): Promise<void> {
    const repository = this.dataSource.getRepository(ServerMetric);
    const currentHour = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000);
    for (let hoursBack = 24; hoursBack >= 1; hoursBack--) {
      const start = new Date(currentHour.getTime() - hoursBack * 3600_000);
      const end = new Date(start.getTime() + 3600_000);
      const alreadyRolled = await repository.exists({ where: { granularity: 'hour', at: start } });
      if (alreadyRolled) continue;
      await this.dataSource.query(
        `INSERT INTO server_metrics (serverId, granularity, at, cpuPercent, cpuMaxPercent, memUsedBytes, memMaxBytes, diskUsedBytes, netInBytes, netOutBytes)
         SELECT serverId, 'hour', ?, AVG(cpuPercent), MAX(cpuPercent), AVG(memUsedBytes), MAX(memUsedBytes), MAX(diskUsedBytes), MAX(netInBytes), MAX(netOutBytes)
         FROM server_metrics WHERE granularity = 'raw' AND at >= ? AND at < ? GROUP BY serverId`,
        [sqlDatetime(start), sqlDatetime(start), sqlDatetime(end)],
      );
    }
    await this.dataSource.query(`DELETE FROM server_metrics WHERE granularity = 'raw' AND at < ?`, [
      sqlDatetime(new Date(now.getTime() - rawRetentionMs)),
    ]);
    await this.dataSource.query(
      `DELETE FROM server_metrics WHERE granularity = 'hour' AND at < ?`,
      [sqlDatetime(new Date(now.getTime() - hourlyRetentionMs))],
    );
  }
}
