import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

import { col } from './schema-helpers';

/** Per-server alert state, so a busy server raises one alert per cooldown on any instance. */
export class Monitoring1764374400000 implements MigrationInterface {
  name = 'Monitoring1764374400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'server_alert_states',
        columns: [
          col.id(),
          col.int('serverId'),
          col.varchar('resource', 8),
          col.boolean('isFiring', false),
          col.datetime('lastNotifiedAt', true),
        ],
        indices: [new TableIndex({ columnNames: ['serverId', 'resource'], isUnique: true })],
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
    await runner.dropTable('server_alert_states');
  }
}
