import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

import { col, timestampColumns } from './schema-helpers';

/** One running operation per server, and single-use console sessions. */
export class ServerOperations1764288000000 implements MigrationInterface {
  name = 'ServerOperations1764288000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('servers', new TableColumn(col.int('activeOperationId', true)));
    await runner.createTable(
      new Table({
        name: 'console_sessions',
        columns: [
          col.id(),
          col.varchar('tokenHash', 64),
          col.int('serverId'),
          col.int('userId'),
          col.datetime('expiresAt'),
          col.datetime('usedAt', true),
          ...timestampColumns(runner, false),
        ],
        indices: [new TableIndex({ columnNames: ['tokenHash'], isUnique: true })],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['serverId'],
            referencedTableName: 'servers',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('console_sessions');
    await runner.dropColumn('servers', 'activeOperationId');
  }
}
