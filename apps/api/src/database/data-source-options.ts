import { DataSourceOptions } from 'typeorm';

import type { DatabaseSettings } from '../config/configuration';
import { DatabaseLogger } from './database-logger';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** TypeORM options for either embedded SQLite or MariaDB/MySQL. */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // MariaDB: the app runs them itself under a named lock (createMigratedDataSource), so two
    // instances starting together never both migrate. SQLite (one writer, a file lock) and
    // stand-alone DataSources such as unit tests keep TypeORM's run-at-initialize.
    migrationsRun: settings.type === 'better-sqlite3',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logger: new DatabaseLogger(),
    maxQueryExecutionTime: 1000,
  };
  if (settings.type === 'better-sqlite3') {
    return {
      ...common,
      type: 'better-sqlite3',
      database: settings.database,
      // WAL lets readers run while the single writer commits; foreign keys are off by default in SQLite.
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    ...common,
    type: 'mysql',
    url: settings.url,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
    bigNumberStrings: false,
    extra: { connectionLimit: 20 },
  };
}
