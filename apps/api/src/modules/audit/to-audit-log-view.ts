import type { AuditLogView } from '@hostdeck/contracts';

import type { AuditLog } from './entities/audit-log.entity';

function parseDetails(details: string | null): Record<string, unknown> | null {
  if (details === null) return null;
  try {
    const parsed: unknown = JSON.parse(details);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : { value: parsed };
  } catch {
    return { text: details };
  }
}

export function toAuditLogView(log: AuditLog, actorEmail: string | null): AuditLogView {
  return {
    id: log.id,
    actorId: log.actorId,
    actorEmail,
    action: log.action,
    targetType: log.targetType,
    targetId: log.targetId,
    ip: log.ip,
    details: parseDetails(log.details),
    createdAt: log.createdAt.toISOString(),
  };
}
