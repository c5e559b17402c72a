import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

import { col, timestampColumns } from './schema-helpers';

const fk = (column: string, table: string, onDelete = 'RESTRICT') =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete,
  });
const index = (columns: string[], isUnique = false) =>
  new TableIndex({ columnNames: columns, isUnique });

/** Every table of SPEC §3, written with the schema builder so it runs on SQLite and MariaDB. */
export class InitialSchema1764201600000 implements MigrationInterface {
  name = 'InitialSchema1764201600000';

  async up(runner: QueryRunner): Promise<void> {
    const stamps = () => timestampColumns(runner);
    const created = () => timestampColumns(runner, false);

    await runner.createTable(
      new Table({
        name: 'users',
        columns: [
          col.id(),
          col.varchar('email', 254),
          col.varchar('passwordHash', 100),
          col.varchar('role', 16, false, 'customer'),
          col.bigint('balanceMinor', false, 0),
          col.boolean('isActive', true),
          ...stamps(),
          col.datetime('lastLoginAt', true),
        ],
        indices: [index(['email'], true), index(['role'])],
      }),
    );

    await runner.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          col.id(),
          col.int('userId'),
          col.varchar('familyId', 36),
          col.varchar('tokenHash', 64),
          col.datetime('expiresAt'),
          col.datetime('usedAt', true),
          col.datetime('revokedAt', true),
          col.varchar('createdByIp', 45, true),
          ...created(),
        ],
        indices: [index(['tokenHash'], true), index(['userId']), index(['familyId'])],
        foreignKeys: [fk('userId', 'users', 'CASCADE')],
      }),
    );

    await runner.createTable(
      new Table({
        name: 'tariffs',
        columns: [
          col.id(),
          col.varchar('name', 64),
          col.bigint('priceMonthlyMinor'),
          col.int('cores'),
          col.int('memoryMb'),
          col.int('diskGb'),
          col.boolean('isActive', true),
          { ...col.int('sortOrder'), default: 0 },
          ...stamps(),
        ],
        indices: [index(['name'], true)],
      }),
    );

    await runner.createTable(
      new Table({
        name: 'operating_systems',
        columns: [
          col.id(),
          col.varchar('name', 64),
          col.varchar('templateVolid', 255),
          col.varchar('type', 8, false, 'lxc'),
          col.boolean('isActive', true),
          ...stamps(),
        ],
        indices: [index(['templateVolid'], true)],
      }),
    );

    await runner.createTable(
      new Table({
        name: 'servers',
        columns: [
          col.id(),
          col.int('ownerId'),
          col.int('tariffId'),
          col.int('osId'),
          col.varchar('hostname', 63),
          col.varchar('node', 64, true),
          col.int('vmid', true),
          col.varchar('status', 16),
          col.varchar('ipAddress', 45, true),
          col.int('cores'),
          col.int('memoryMb'),
          col.int('diskGb'),
          col.bigint('priceMonthlyMinor'),
          col.double('cpuPercent', true),
          col.bigint('memUsedBytes', true),
          col.bigint('memTotalBytes', true),
          col.bigint('diskUsedBytes', true),
          col.bigint('diskTotalBytes', true),
          col.bigint('netInBytes', true),
          col.bigint('netOutBytes', true),
          col.int('uptimeSeconds', true),
          col.datetime('metricsAt', true),
          col.varchar('billedThrough', 10, true),
          col.datetime('suspendedAt', true),
          ...stamps(),
          col.datetime('deletedAt', true),
        ],
        indices: [index(['ownerId']), index(['status']), index(['node', 'vmid'], true)],
        foreignKeys: [
          fk('ownerId', 'users'),
          fk('tariffId', 'tariffs'),
          fk('osId', 'operating_systems'),
        ],
      }),
    );

    await runner.createTable(
      new Table({
        name: 'server_metrics',
        columns: [
          col.id(),
          col.int('serverId'),
          col.varchar('granularity', 8),
          col.datetime('at'),
          col.double('cpuPercent'),
          col.double('cpuMaxPercent', true),
          col.bigint('memUsedBytes'),
          col.bigint('memMaxBytes', true),
          col.bigint('diskUsedBytes'),
          col.bigint('netInBytes'),
          col.bigint('netOutBytes'),
        ],
        indices: [index(['serverId', 'granularity', 'at']), index(['at'])],
        foreignKeys: [fk('serverId', 'servers', 'CASCADE')],
      }),
    );

    await runner.createTable(
      new Table({
        name: 'operations',
        columns: [
          col.id(),
          col.int('serverId'),
          col.int('userId', true),
          col.varchar('type', 24),
          col.varchar('state', 16),
          col.varchar('upid', 255, true),
          col.text('error', true),
          col.text('payload', true),
          col.datetime('finishedAt', true),
          ...stamps(),
        ],
        indices: [index(['serverId']), index(['state'])],
        foreignKeys: [fk('serverId', 'servers', 'CASCADE')],
      }),
    );

    await runner.createTable(
      new Table({
        name: 'tickets',
        columns: [
          col.id(),
          col.int('userId'),
          col.int('serverId', true),
          col.varchar('subject', 200),
          col.varchar('status', 16),
          col.varchar('priority', 8, false, 'normal'),
          col.int('assigneeId', true),
          col.datetime('lastMessageAt'),
          col.datetime('closedAt', true),
          ...stamps(),
        ],
        indices: [index(['userId']), index(['status']), index(['assigneeId'])],
        foreignKeys: [
          fk('userId', 'users'),
          fk('serverId', 'servers', 'SET NULL'),
          fk('assigneeId', 'users', 'SET NULL'),
        ],
      }),
    );

    await runner.createTable(
      new Table({
        name: 'ticket_messages',
        columns: [
          col.id(),
          col.int('ticketId'),
          col.int('authorId'),
          col.text('body'),
          col.boolean('isInternal', false),
          col.varchar('attachmentPath', 255, true),
          col.varchar('attachmentName', 255, true),
          col.varchar('attachmentMime', 100, true),
          col.int('attachmentSize', true),
          ...created(),
        ],
        indices: [index(['ticketId'])],
        foreignKeys: [fk('ticketId', 'tickets', 'CASCADE'), fk('authorId', 'users')],
      }),
    );

    await runner.createTable(
      new Table({
        name: 'checks',
        columns: [
          col.id(),
          col.int('userId'),
          col.bigint('amountMinor'),
          col.varchar('status', 16),
          col.varchar('filePath', 255),
          col.varchar('fileName', 255),
          col.varchar('fileMime', 100),
          col.int('fileSize'),
          col.int('reviewerId', true),
          col.text('rejectReason', true),
          col.datetime('reviewedAt', true),
          ...stamps(),
        ],
        indices: [index(['userId']), index(['status'])],
        foreignKeys: [fk('userId', 'users'), fk('reviewerId', 'users', 'SET NULL')],
      }),
    );

    await runner.createTable(
      new Table({
        name: 'transactions',
        columns: [
          col.id(),
          col.int('userId'),
          col.varchar('type', 16),
          col.bigint('amountMinor'),
          col.bigint('balanceAfterMinor'),
          col.varchar('reference', 128),
          col.varchar('description', 255),
          col.int('serverId', true),
          col.int('checkId', true),
          col.int('actorId', true),
          ...created(),
        ],
        indices: [index(['reference'], true), index(['userId', 'createdAt'])],
        foreignKeys: [fk('userId', 'users')],
      }),
    );

    await runner.createTable(
      new Table({
        name: 'notifications',
        columns: [
          col.id(),
          col.int('userId'),
          col.varchar('kind', 16),
          col.varchar('title', 200),
          col.text('body'),
          col.varchar('link', 255, true),
          col.datetime('readAt', true),
          ...created(),
        ],
        indices: [index(['userId', 'readAt'])],
        foreignKeys: [fk('userId', 'users', 'CASCADE')],
      }),
    );

    await runner.createTable(
      new Table({
        name: 'audit_logs',
        columns: [
          col.id(),
          col.int('actorId', true),
          col.varchar('action', 64),
          col.varchar('targetType', 32, true),
          col.varchar('targetId', 64, true),
          col.varchar('ip', 45, true),
          col.text('details', true),
          ...created(),
        ],
        indices: [index(['actorId']), index(['createdAt'])],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'audit_logs',
      'notifications',
      'transactions',
      'checks',
      'ticket_messages',
      'tickets',
      'operations',
      'server_metrics',
      'servers',
      'operating_systems',
      'tariffs',
      'refresh_tokens',
      'users',
    ]) {
      await runner.dropTable(table);
    }
  }
}
