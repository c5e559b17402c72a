import { QueryRunner, TableColumnOptions } from 'typeorm';

/** Column builders for migrations, so one file runs on SQLite and MariaDB alike. */
export const col = {
  id: (): TableColumnOptions => ({
    name: 'id',
    type: 'integer',
    isPrimary: true,
    isGenerated: true,
    generationStrategy: 'increment',
  }),
  int: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: 'int',
    isNullable: nullable,
  }),
  bigint: (name: string, nullable = false, defaultValue?: number): TableColumnOptions => ({
    name,
    type: 'bigint',
    isNullable: nullable,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
  }),
  double: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: 'double',
    isNullable: nullable,
  }),
  varchar: (
    name: string,
    length: number,
    nullable = false,
    defaultValue?: string,
  ): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    isNullable: nullable,
    ...(defaultValue === undefined ? {} : { default: `'${defaultValue}'` }),
  }),
  text: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: 'text',
    isNullable: nullable,
  }),
  boolean: (name: string, defaultValue: boolean): TableColumnOptions => ({
    name,
    type: 'boolean',
    default: defaultValue ? 1 : 0,
  }),
  datetime: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: 'datetime',
    precision: 3,
    isNullable: nullable,
  }),
};

/** created_at/updated_at defaulting to now, in the dialect of the connection. */
export function timestampColumns(runner: QueryRunner, withUpdated = true): TableColumnOptions[] {
  const now =
    runner.connection.driver.options.type === 'mysql'
      ? 'CURRENT_TIMESTAMP(3)'
      : "(STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW'))";
  const created: TableColumnOptions = { ...col.datetime('createdAt'), default: now };
  return withUpdated ? [created, { ...col.datetime('updatedAt'), default: now }] : [created];
}
