import { fromSqlDatetime, sqlDatetime, sqlDatetimeToIso } from './sql-datetime';

describe('datetimes read by raw queries', () => {
  it('gives the same ISO text for SQLite text and a MariaDB Date', () => {
    const at = new Date('2026-11-27T07:15:22.123Z');
    expect(sqlDatetimeToIso(sqlDatetime(at))).toBe(at.toISOString());
    expect(sqlDatetimeToIso(at)).toBe(at.toISOString());
    expect(fromSqlDatetime(sqlDatetime(at)).getTime()).toBe(at.getTime());
  });

  it('reads SQLite defaults written without milliseconds as UTC', () => {
    expect(sqlDatetimeToIso('2026-11-27 07:15:22')).toBe('2026-11-27T07:15:22.000Z');
    expect(fromSqlDatetime('2026-11-27 07:15:22').toISOString()).toBe('2026-11-27T07:15:22.000Z');
  });

  it('falls back to parsing text in any other shape', () => {
    expect(sqlDatetimeToIso('2026-11-27T07:15:22.5Z')).toBe('2026-11-27T07:15:22.500Z');
  });
});
