import type { OperationView, ServerMetricsView, ServerView } from '@hostdeck/contracts';

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

export interface ServerViewContext {
  tariffNames: Map<number, string>;
  osNames: Map<number, string>;
  activeOperation?: Operation | null;
  lastOperation?: Operation | null;
}

export function toServerView(server: Server, context: ServerViewContext): ServerView {
  return {
    id: server.id,
    ownerId: server.ownerId,
    hostname: server.hostname,
    status: server.status,
    ipAddress: server.ipAddress,
    node: server.node,
    vmid: server.vmid,
    tariffId: server.tariffId,
    tariffName: context.tariffNames.get(server.tariffId) ?? '',
    osId: server.osId,
    osName: context.osNames.get(server.osId) ?? '',
    cores: server.cores,
    memoryMb: server.memoryMb,
    diskGb: server.diskGb,
    priceMonthlyMinor: server.priceMonthlyMinor,
    metrics: toMetricsView(server),
    activeOperation: context.activeOperation ? toOperationView(context.activeOperation) : null,
    lastOperation: context.lastOperation ? toOperationView(context.lastOperation) : null,
    billedThrough: server.billedThrough,
    createdAt: server.createdAt.toISOString(),
  };
}
