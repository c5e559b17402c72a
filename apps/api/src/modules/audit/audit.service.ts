import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { AuditLog } from './entities/audit-log.entity';

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

  list(page: number, pageSize: number): Promise<[AuditLog[], number]> {
    return this.logs.findAndCount({
      order: { id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }
}
