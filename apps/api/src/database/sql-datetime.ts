/**
 * TypeORM's own datetime text, which both SQLite and MariaDB (timezone 'Z') read as UTC; for raw
 * statements that bypass the entity transformers.
 */
export function sqlDatetime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** A datetime column read by a raw query: MariaDB's driver gives a Date, SQLite the UTC text. */
export function fromSqlDatetime(value: Date | string): Date {
  if (value instanceof Date) return value;
  const iso = value.replace(' ', 'T');
  return new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(iso) ? iso : `${iso}Z`);
}

const SQLITE_DATETIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{3})?$/;

/**
 * A datetime column read by a raw query, as the ISO text the API answers with. SQLite's UTC text
 * is rewritten rather than parsed: on a list of servers the Date round trip was a tenth of the work.
 */
export function sqlDatetimeToIso(value: Date | string): string {
  if (typeof value === 'string' && SQLITE_DATETIME.test(value)) {
    const iso = value.replace(' ', 'T');
    return value.length === 19 ? `${iso}.000Z` : `${iso}Z`;
  }
  return fromSqlDatetime(value).toISOString();
}
