/**
 * TypeORM's own datetime text, which both SQLite and MariaDB (timezone 'Z') read as UTC; for raw
 * statements that bypass the entity transformers.
 */
export function sqlDatetime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** A datetime column read by a raw query: MariaDB's driver gives a Date, SQLite the UTC text. */
export function fromSqlDatetime(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
