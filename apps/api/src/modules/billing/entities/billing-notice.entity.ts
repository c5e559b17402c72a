import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

import { DATETIME } from '../../../database/column-types';

/** A reminder or warning that was sent; its unique reference makes it go out once. */
@Entity('billing_notices')
export class BillingNotice {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 128, unique: true })
  reference!: string;

  @Column({ type: 'int' })
  userId!: number;

  @CreateDateColumn(DATETIME)
  createdAt!: Date;
}
