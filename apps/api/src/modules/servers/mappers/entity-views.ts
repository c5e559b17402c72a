import type { OperationView, ServerMetricsView } from '@hostdeck/contracts';

import type { Operation } from '../entities/operation.entity';
import type { Server } from '../entities/server.entity';

export function toOperationView(operation: Operation): OperationView {
  return {
    id: operation.id,
    serverId: operation.serverId,
    type: operation.type,
    state: operation.state,
    error: operation.error,
    createdAt: operation.createdAt.toISOString(),
    finishedAt: operation.finishedAt ? operation.finishedAt.toISOString() : null,
  };
}

export function toMetricsView(server: Server): ServerMetricsView {
  return {
    cpuPercent: server.cpuPercent,
    memUsedBytes: server.memUsedBytes,
    memTotalBytes: server.memTotalBytes,
    diskUsedBytes: server.diskUsedBytes,
    diskTotalBytes: server.diskTotalBytes,
    netInBytes: server.netInBytes,
    netOutBytes: server.netOutBytes,
    uptimeSeconds: server.uptimeSeconds,
    sampledAt: server.metricsAt ? server.metricsAt.toISOString() : null,
  };
}
