import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { bigintAsNumber, DATETIME } from '../../../database/column-types';

@Entity('tariffs')
export class Tariff {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  name!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  priceMonthlyMinor!: number;

  @Column({ type: 'int' })
  cores!: number;

  @Column({ type: 'int' })
  memoryMb!: number;

  @Column({ type: 'int' })
  diskGb!: number;

  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  @Column({ type: 'int', default: 0 })
  sortOrder!: number;

  @CreateDateColumn(DATETIME)
  createdAt!: Date;

  @UpdateDateColumn(DATETIME)
  updatedAt!: Date;
}
