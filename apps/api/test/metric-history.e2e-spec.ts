import type { MetricHistory } from '@hostdeck/contracts';
import { DataSource } from 'typeorm';

import { sqlDatetime } from '../src/database/sql-datetime';
import { MetricsStore } from '../src/modules/monitoring/metrics-store';
import { databaseKinds, http, newCustomer, startTestApp, TestApp } from '../src/testing/test-app';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/**
 * The history behind the Stats tab's 7d and 30d charts: raw samples rolled up into hourly rows
 * (averages and maxima), raw samples kept a day, roll-ups kept 90 days.
 */
describe.each(databaseKinds())('metric history roll-ups and retention on %s', (kind) => {
  let t: TestApp;
  let dataSource: DataSource;
  let store: MetricsStore;

  beforeAll(async () => {
    t = await startTestApp(kind, { MONITORING_INTERVAL_SECONDS: '3600' });
    dataSource = t.app.get(DataSource);
    store = t.app.get(MetricsStore);
  });

  afterAll(async () => {
    await t?.close();
  });

  async function serverOf(ownerId: number, hostname: string): Promise<number> {
    await dataSource.query(
      `INSERT INTO servers (ownerId, tariffId, osId, hostname, status, cores, memoryMb, diskGb, priceMonthlyMinor) VALUES (?, 1, 1, ?, 'running', 1, 512, 10, 500)`,
      [ownerId, hostname],
    );
    const [row] = await dataSource.query('SELECT id FROM servers WHERE hostname = ?', [hostname]);
    return Number(row.id);
  }

  async function sample(serverId: number, at: Date, cpu: number, mem: number): Promise<void> {
    await dataSource.query(
      `INSERT INTO server_metrics (serverId, granularity, at, cpuPercent, memUsedBytes, diskUsedBytes, netInBytes, netOutBytes) VALUES (?, 'raw', ?, ?, ?, 1000, 10, 20)`,
      [serverId, sqlDatetime(at), cpu, mem],
    );
  }

  async function rows(serverId: number, granularity: 'raw' | 'hour') {
    const found: {
      at: Date | string;
      cpuPercent: number;
      cpuMaxPercent: number | null;
      memUsedBytes: number;
      memMaxBytes: number | null;
    }[] = await dataSource.query(
      `SELECT at, cpuPercent, cpuMaxPercent, memUsedBytes, memMaxBytes FROM server_metrics WHERE serverId = ? AND granularity = ? ORDER BY at`,
      [serverId, granularity],
    );
    return found.map((row) => ({
      ...row,
      cpuPercent: Number(row.cpuPercent),
      cpuMaxPercent: row.cpuMaxPercent === null ? null : Number(row.cpuMaxPercent),
      memUsedBytes: Number(row.memUsedBytes),
      memMaxBytes: row.memMaxBytes === null ? null : Number(row.memMaxBytes),
    }));
  }

  it('rolls each finished hour into one row of averages and maxima, once, and leaves the current hour raw', async () => {
    const owner = await newCustomer(t);
    const serverId = await serverOf(owner.id, `rollup-${kind}`);
    const now = new Date(Math.floor(Date.now() / HOUR) * HOUR + 20 * 60_000);
    const twoHoursAgo = new Date(Math.floor(now.getTime() / HOUR) * HOUR - 2 * HOUR);
    const oneHourAgo = new Date(twoHoursAgo.getTime() + HOUR);
    await sample(serverId, new Date(twoHoursAgo.getTime() + 60_000), 10, 100);
    await sample(serverId, new Date(twoHoursAgo.getTime() + 30 * 60_000), 20, 200);
    await sample(serverId, new Date(twoHoursAgo.getTime() + 59 * 60_000), 60, 600);
    await sample(serverId, new Date(oneHourAgo.getTime() + 5 * 60_000), 50, 500);
    await sample(serverId, new Date(now.getTime() - 60_000), 99, 999);

    await store.rollUpAndPrune(now, DAY, 90 * DAY);
    await store.rollUpAndPrune(now, DAY, 90 * DAY);

    const hourly = await rows(serverId, 'hour');
    expect(hourly).toHaveLength(2);
    expect(hourly[0]).toMatchObject({
      cpuPercent: 30,
      cpuMaxPercent: 60,
      memUsedBytes: 300,
      memMaxBytes: 600,
    });
    expect(hourly[1]).toMatchObject({
      cpuPercent: 50,
      cpuMaxPercent: 50,
      memUsedBytes: 500,
      memMaxBytes: 500,
    });
    // Raw samples stay for the 1h and 24h charts.
    expect(await rows(serverId, 'raw')).toHaveLength(5);
  });

  it('drops raw samples after a day and roll-ups after 90 days', async () => {
    const owner = await newCustomer(t);
    const serverId = await serverOf(owner.id, `retention-${kind}`);
    const now = new Date();
    await sample(serverId, new Date(now.getTime() - DAY - HOUR), 10, 100);
    await sample(serverId, new Date(now.getTime() - 2 * HOUR), 20, 200);
    await dataSource.query(
      `INSERT INTO server_metrics (serverId, granularity, at, cpuPercent, cpuMaxPercent, memUsedBytes, memMaxBytes, diskUsedBytes, netInBytes, netOutBytes) VALUES (?, 'hour', ?, 5, 6, 1, 2, 3, 4, 5), (?, 'hour', ?, 7, 8, 1, 2, 3, 4, 5)`,
      [
        serverId,
        sqlDatetime(new Date(now.getTime() - 91 * DAY)),
        serverId,
        sqlDatetime(new Date(now.getTime() - 89 * DAY)),
      ],
    );

    await store.rollUpAndPrune(now, DAY, 90 * DAY);

    const raw = await rows(serverId, 'raw');
    expect(raw.map((row) => row.cpuPercent)).toEqual([20]);
    const hourly = await rows(serverId, 'hour');
    expect(hourly.map((row) => row.cpuPercent)).toContain(7);
    expect(hourly.map((row) => row.cpuPercent)).not.toContain(5);
  });

  it('serves the roll-ups as the 7d and 30d history, the raw samples as 1h and 24h', async () => {
    const owner = await newCustomer(t);
    const serverId = await serverOf(owner.id, `history-${kind}`);
    const now = new Date();
    await sample(serverId, new Date(now.getTime() - 3 * HOUR), 40, 400);
    await sample(serverId, new Date(now.getTime() - 30 * 60_000), 70, 700);
    await store.rollUpAndPrune(now, DAY, 90 * DAY);

    const week = await http<MetricHistory>(
      t.baseUrl,
      'GET',
      `/api/server/${serverId}/stats/history?range=7d`,
      {
        token: owner.token,
      },
    );
    expect(week.status).toBe(200);
    expect(week.body.granularity).toBe('hour');
    expect(week.body.points.map((point) => point.cpuMaxPercent)).toContain(40);
    const hour = await http<MetricHistory>(
      t.baseUrl,
      'GET',
      `/api/server/${serverId}/stats/history?range=1h`,
      {
        token: owner.token,
      },
    );
    expect(hour.body.granularity).toBe('raw');
    expect(hour.body.points.map((point) => point.cpuPercent)).toEqual([70]);
  });
});
