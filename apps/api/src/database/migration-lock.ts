import { Logger } from '@nestjs/common';
import { DataSource, DataSourceOptions } from 'typeorm';

/** How long an instance waits for another one's migrations (or first-start seed) to finish. */
export const DATABASE_LOCK_TIMEOUT_SECONDS = 300;

const logger = new Logger('Migrations');

/**
 * Runs `work` while holding a MariaDB named lock (GET_LOCK) on a dedicated connection, so two
 * instances starting at the same moment take turns. The lock name carries the database's name:
 * named locks are server-wide, and other databases on the same server must not wait for ours.
 * SQLite needs none: its single writer and file lock already serialise the work.
 */
export async function withDatabaseLock<T>(
  dataSource: DataSource,
  name: string,
  work: () => Promise<T>,
  timeoutSeconds = DATABASE_LOCK_TIMEOUT_SECONDS,
): Promise<T> {
  if (dataSource.options.type !== 'mysql') return work();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query(
      `SELECT GET_LOCK(CONCAT(?, ':', DATABASE()), ?) AS isGranted`,
      [name, timeoutSeconds],
    )) as { isGranted: number | string | null }[];
    if (Number(row?.isGranted) !== 1) {
      throw new Error(
        `${name}: another instance held the database lock for more than ${timeoutSeconds} s`,
      );
    }
    try {
      return await work();
    } finally {
      await runner.query(`SELECT RELEASE_LOCK(CONCAT(?, ':', DATABASE()))`, [name]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Runs pending migrations once, even when several instances start together: the first to take
 * the lock migrates, the others then find nothing pending.
 */
export async function runMigrationsOnce(dataSource: DataSource): Promise<void> {
  await withDatabaseLock(dataSource, 'hostdeck_migrations', async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0)
      logger.log(
        `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`,
      );
  });
}

/** The application's DataSource: connected, then migrated under the lock. */
export async function createMigratedDataSource(options?: DataSourceOptions): Promise<DataSource> {
  if (!options) throw new Error('database options are missing');
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  try {
    await runMigrationsOnce(dataSource);
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}
