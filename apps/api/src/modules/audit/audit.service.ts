import type { AuditLogPage, AuditLogQuery } from '@hostdeck/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { AuditLog } from './entities/audit-log.entity';
import { toAuditLogView } from './to-audit-log-view';

export interface AuditEntry {
  action: string;
  actorId?: number | null;
  targetType?: string;
  targetId?: string | number;
  ip?: string | null;
  /** Non-secret details only: never passwords, tokens or hashes. */
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(@InjectRepository(AuditLog) private readonly logs: Repository<AuditLog>) {}

  async record(entry: AuditEntry): Promise<void> {
    try {
      await this.logs.insert({
        action: entry.action,
        actorId: entry.actorId ?? null,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId === undefined ? null : String(entry.targetId),
        ip: entry.ip ?? null,
        details: entry.details ? JSON.stringify(entry.details) : null,
      });
    } catch (error) {
      // The audit trail must never turn a successful action into a failed request.
      this.logger.error(
        `audit write failed for ${entry.action}`,
        error instanceof Error ? error.stack : String(error),
      );
    }
  }

  /** Newest first; `action` matches exactly or as the prefix before the dot. */
  async listEntries(query: AuditLogQuery): Promise<AuditLogPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 25;
    const builder = this.logs.createQueryBuilder('log').orderBy('log.id', 'DESC');
    if (query.userId !== undefined) {
      builder.andWhere('log.actorId = :actorId', { actorId: query.userId });
    }
    if (query.action) {
      builder.andWhere('(log.action = :action OR log.action LIKE :prefix)', {
        action: query.action,
        prefix: `${query.action}.%`,
      });
    }
    const [rows, total] = await builder
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const emails = await this.actorEmails(rows);
    return {
      items: rows.map((row) => toAuditLogView(row, emails.get(row.actorId ?? 0) ?? null)),
      total,
      page,
      pageSize,
    };
  }

  /** The actors' current emails, read from the users table in one query. */
  private async actorEmails(rows: AuditLog[]): Promise<Map<number, string>> {
    const ids = [...new Set(rows.flatMap((row) => (row.actorId === null ? [] : [row.actorId])))];
    if (ids.length === 0) return new Map();
    const users: { id: number | string; email: string }[] = await this.logs.manager
      .createQueryBuilder()
      .select('u.id', 'id')
      .addSelect('u.email', 'email')
      .from('users', 'u')
      .where('u.id IN (:...ids)', { ids })
      .getRawMany();
    return new Map(users.map((user) => [Number(user.id), user.email]));
  }
}
