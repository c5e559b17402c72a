import { ValueTransformer } from 'typeorm';

/**
 * MySQL returns BIGINT as a string; money and byte counters stay far below 2^53, so they are
 * read back as plain numbers on every driver.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/** Millisecond timestamps, identical on SQLite and MariaDB. */
export const DATETIME = { type: 'datetime', precision: 3 } as const;
