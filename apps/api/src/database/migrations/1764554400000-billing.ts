import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

import { col, timestampColumns } from './schema-helpers';

/** Why a server is suspended (only billing suspensions lift themselves), and once-only notices. */
export class Billing1764554400000 implements MigrationInterface {
  name = 'Billing1764554400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('servers', new TableColumn(col.varchar('suspendReason', 16, true)));
    await runner.createTable(
      new Table({
        name: 'billing_notices',
        columns: [
          col.id(),
          col.varchar('reference', 128),
          col.int('userId'),
          ...timestampColumns(runner, false),
        ],
        indices: [new TableIndex({ columnNames: ['reference'], isUnique: true })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('billing_notices');
    await runner.dropColumn('servers', 'suspendReason');
  }
}
