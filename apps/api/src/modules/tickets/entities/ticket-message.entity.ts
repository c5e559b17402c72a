import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { DATETIME } from '../../../database/column-types';

@Entity('ticket_messages')
export class TicketMessage {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'int' })
  ticketId!: number;

  @Column({ type: 'int' })
  authorId!: number;

  @Column({ type: 'text' })
  body!: string;

  /** Staff-only note: never part of a customer response or event. */
  @Column({ type: 'boolean', default: false })
  isInternal!: boolean;

  /** Written by support staff (recorded at write time, so a later role change alters nothing). */
  @Column({ type: 'boolean', default: false })
  isFromStaff!: boolean;

  @Column({ type: 'varchar', length: 255, nullable: true })
  attachmentPath!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  attachmentName!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  attachmentMime!: string | null;

  @Column({ type: 'int', nullable: true })
  attachmentSize!: number | null;

  @CreateDateColumn(DATETIME)
  createdAt!: Date;
}
