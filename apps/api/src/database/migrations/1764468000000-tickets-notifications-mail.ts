import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

import { col, timestampColumns } from './schema-helpers';

/**
 * Tickets remember whether staff wrote a message; notifications can be made idempotent with a
 * key; the mail outbox (every mail, sent or not) and per-user mail preferences.
 */
export class TicketsNotificationsMail1764468000000 implements MigrationInterface {
  name = 'TicketsNotificationsMail1764468000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('ticket_messages', new TableColumn(col.boolean('isFromStaff', false)));
    await runner.createIndex(
      'tickets',
      new TableIndex({ name: 'IDX_tickets_lastMessageAt', columnNames: ['lastMessageAt'] }),
    );

    await runner.addColumn('notifications', new TableColumn(col.varchar('dedupeKey', 100, true)));
    await runner.createIndex(
      'notifications',
      new TableIndex({
        name: 'IDX_notifications_dedupeKey',
        columnNames: ['dedupeKey'],
        isUnique: true,
      }),
    );

    await runner.createTable(
      new Table({
        name: 'mail_outbox',
        columns: [
          col.id(),
          col.int('userId', true),
          col.varchar('toAddress', 254),
          col.varchar('subject', 255),
          col.varchar('template', 32),
          col.text('textBody'),
          col.text('htmlBody'),
          col.boolean('isEssential', true),
          col.varchar('status', 12),
          col.int('attempts'),
          col.text('lastError', true),
          col.datetime('nextAttemptAt', true),
          col.datetime('lockedUntil', true),
          col.datetime('sentAt', true),
          col.varchar('messageId', 255, true),
          ...timestampColumns(runner),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_mail_outbox_status_next',
            columnNames: ['status', 'nextAttemptAt'],
          }),
          new TableIndex({ name: 'IDX_mail_outbox_userId', columnNames: ['userId'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['userId'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
        ],
      }),
    );

    await runner.createTable(
      new Table({
        name: 'mail_preferences',
        columns: [
          col.id(),
          col.int('userId'),
          col.boolean('isOptionalMailEnabled', true),
          ...timestampColumns(runner),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_mail_preferences_userId',
            columnNames: ['userId'],
            isUnique: true,
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['userId'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('mail_preferences');
    await runner.dropTable('mail_outbox');
    await runner.dropIndex('notifications', 'IDX_notifications_dedupeKey');
    await runner.dropColumn('notifications', 'dedupeKey');
    await runner.dropIndex('tickets', 'IDX_tickets_lastMessageAt');
    await runner.dropColumn('ticket_messages', 'isFromStaff');
  }
}
