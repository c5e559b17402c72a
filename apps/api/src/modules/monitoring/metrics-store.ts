import type { HistoryRange, MetricHistory } from '@hostdeck/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { sqlDatetime } from '../../database/sql-datetime';
import { UnitOfWork } from '../../database/unit-of-work';
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

/** Rows per statement: the JSON document stays a few MB, far below MariaDB's max_allowed_packet. */
const ROWS_PER_STATEMENT = 20_000;

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** The order of the values in each row of the JSON document the write statements read. */
const SAMPLE_FIELDS = [
  'serverId',
  'cpuPercent',
  'memUsedBytes',
  'memTotalBytes',
  'diskUsedBytes',
  'diskTotalBytes',
  'netInBytes',
  'netOutBytes',
  'uptimeSeconds',
] as const satisfies readonly (keyof SweepSample)[];

/** Per dialect: the sweep's rows as a table, from one JSON parameter. */
const SAMPLE_TABLE = {
  // MariaDB 10.6+ / MySQL 8: JSON_TABLE.
  mysql: `JSON_TABLE(?, '$[*]' COLUMNS (${SAMPLE_FIELDS.map(
    (field, index) =>
      `${field} ${field === 'cpuPercent' ? 'DOUBLE' : field === 'serverId' ? 'INT' : 'BIGINT'} PATH '$[${index}]'`,
  ).join(', ')})) AS sample`,
  // SQLite: json_each, one array per row, read with ->> by index.
  sqlite: `(SELECT ${SAMPLE_FIELDS.map((field, index) => `value ->> ${index} AS ${field}`).join(', ')} FROM json_each(?)) AS sample`,
};

const LATEST_COLUMNS = SAMPLE_FIELDS.filter((field) => field !== 'serverId');

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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * One INSERT of the history rows and one UPDATE of the servers' latest figures, whatever the
   * number of servers: the rows travel as a single JSON parameter, so the statement count stays
   * constant and no ORM work is done per row.
   */
  async writeSweep(samples: SweepSample[], at: Date): Promise<number> {
    if (samples.length === 0) return 0;
    const dialect = this.dataSource.options.type === 'mysql' ? 'mysql' : 'sqlite';
    const table = SAMPLE_TABLE[dialect];
    const atText = sqlDatetime(at);
    let statements = 0;
    // Through the unit of work: on SQLite's one shared connection a transaction of its own would
    // interleave with a request's.
    await this.unitOfWork.run(async (manager: EntityManager) => {
      statements = 0; // a deadlock victim on MariaDB runs again
      for (const part of chunks(samples, ROWS_PER_STATEMENT)) {
        const rows = JSON.stringify(part.map((sample) => SAMPLE_FIELDS.map((f) => sample[f])));
        await manager.query(
          `INSERT INTO server_metrics (serverId, granularity, at, cpuPercent, cpuMaxPercent, memUsedBytes, memMaxBytes, diskUsedBytes, netInBytes, netOutBytes)
           SELECT sample.serverId, 'raw', ?, sample.cpuPercent, NULL, sample.memUsedBytes, NULL, sample.diskUsedBytes, sample.netInBytes, sample.netOutBytes FROM ${table}`,
          [atText, rows],
        );
        if (dialect === 'mysql') {
          await manager.query(
            `UPDATE servers JOIN ${table} ON servers.id = sample.serverId
             SET ${LATEST_COLUMNS.map((column) => `servers.${column} = sample.${column}`).join(', ')}, servers.metricsAt = ?`,
            [rows, atText],
          );
        } else {
          await manager.query(
            `UPDATE servers SET ${LATEST_COLUMNS.map((column) => `${column} = sample.${column}`).join(', ')}, metricsAt = ?
             FROM ${table} WHERE servers.id = sample.serverId`,
            [atText, rows],
          );
        }
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
