import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { DATETIME } from '../../../database/column-types';

/**
 * One issued refresh token. Only a SHA-256 of its secret is kept. Tokens rotate: each is used
 * once, and its successor shares the familyId, so reuse of a spent token revokes the family.
 */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'int' })
  userId!: number;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  familyId!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  @Column(DATETIME)
  expiresAt!: Date;

  @Column({ ...DATETIME, nullable: true })
  usedAt!: Date | null;

  @Column({ ...DATETIME, nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  createdByIp!: string | null;

  @CreateDateColumn(DATETIME)
  createdAt!: Date;
}
