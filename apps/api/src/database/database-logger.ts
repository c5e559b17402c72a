import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from 'typeorm';

/**
 * TypeORM's logging through the application's logger, without query parameters: a failed INSERT
 * into users would otherwise print a password hash, and others could print balances or tokens.
 */
export class DatabaseLogger implements Logger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {
    // Every statement is not worth a line; failures and slow ones are.
  }

  logQueryError(error: string | Error, query: string): void {
    const reason = error instanceof Error ? error.message : error;
    this.logger.error(`query failed: ${reason} — ${query.slice(0, 500)}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${query.slice(0, 500)}`);
  }

  logSchemaBuild(): void {
    // Schema changes are the migrations'; TypeORM's running commentary on them is noise.
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
