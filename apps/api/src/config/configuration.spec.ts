import { join } from 'node:path';

import { parseDatabaseUrl } from './configuration';

describe('parseDatabaseUrl', () => {
  it('defaults to a SQLite file in the data directory', () => {
    expect(parseDatabaseUrl(undefined, '/srv/data')).toEqual({
      type: 'better-sqlite3',
      database: join('/srv/data', 'hostdeck.sqlite'),
    });
  });

  it('reads sqlite: URLs, including in-memory', () => {
    expect(parseDatabaseUrl('sqlite:/tmp/x.db', '/d')).toEqual({
      type: 'better-sqlite3',
      database: '/tmp/x.db',
    });
    expect(parseDatabaseUrl('sqlite::memory:', '/d')).toEqual({
      type: 'better-sqlite3',
      database: ':memory:',
    });
  });

  it('treats mariadb:// as the MySQL protocol', () => {
    expect(parseDatabaseUrl('mariadb://u:p@db:3306/hostdeck', '/d')).toEqual({
      type: 'mysql',
      url: 'mysql://u:p@db:3306/hostdeck',
    });
  });
});
