import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

import { col } from './schema-helpers';

/** When each firing alert began, so "since" means since, not since the last reminder. */
export class AlertSince1764640800000 implements MigrationInterface {
  name = 'AlertSince1764640800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn(
      'server_alert_states',
      new TableColumn(col.datetime('firingSince', true)),
    );
    // Alerts already firing began no later than their owner was last told.
    await runner.query(
      'UPDATE server_alert_states SET firingSince = lastNotifiedAt WHERE isFiring = 1',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('server_alert_states', 'firingSince');
  }
}
