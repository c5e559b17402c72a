import type {
  ServerListQuery,
  ServerLiveStatus,
  ServerStatus,
  ServerView,
} from '@hostdeck/contracts';
import { isStaffRole } from '@hostdeck/contracts';
import { ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, LessThan, Repository } from 'typeorm';

import type { AuthUser } from '../../common/decorators/current-user.decorator';
import { ProxmoxClient } from '../proxmox/proxmox-client';
import { ProxmoxError } from '../proxmox/proxmox.errors';
import type { ContainerStats } from '../proxmox/proxmox.types';
import { Server } from './entities/server.entity';
import { toMetricsView } from './mappers/entity-views';
import { ServerViewsReader } from './server-views.reader';
import { SERVER_STATUS_CHANGED, ServerStatusChangedEvent } from './server-events';

/** A server as the monitoring sweep sees it. */
export interface SweepTarget extends Pick<
  Server,
  'id' | 'ownerId' | 'hostname' | 'status' | 'activeOperationId'
> {
  node: string;
  vmid: number;
  /** As the driver returns it; the sweep needs it only for the rare missing container. */
  createdAt: Date | string;
}

/** What a caller may do to a server they can see. */
export type ServerAction = 'view' | 'power' | 'manage' | 'console' | 'suspend';

/**
 * Owners do everything but suspend; support staff see every server and may power-cycle and open
 * consoles; admins may do everything.
 */
export function canAct(
  user: AuthUser,
  server: Pick<Server, 'ownerId'>,
  action: ServerAction,
): boolean {
  if (user.role === 'admin') return true;
  if (server.ownerId === user.id) return action !== 'suspend';
  if (user.role === 'support')
    return action === 'view' || action === 'power' || action === 'console';
  return false;
}

/** Live figures as stored on the server row (cpu as a percentage of its cores). */
export function metricsFromStats(stats: ContainerStats): Partial<Server> {
  return {
    cpuPercent: Math.round(stats.cpu * 10000) / 100,
    memUsedBytes: stats.memUsedBytes,
    memTotalBytes: stats.memTotalBytes,
    diskUsedBytes: stats.diskUsedBytes,
    diskTotalBytes: stats.diskTotalBytes,
    netInBytes: stats.netInBytes,
    netOutBytes: stats.netOutBytes,
    uptimeSeconds: stats.uptimeSeconds,
    metricsAt: new Date(),
  };
}

@Injectable()
export class ServersService {
  private readonly logger = new Logger(ServersService.name);

  constructor(
    @InjectRepository(Server) private readonly servers: Repository<Server>,
    private readonly proxmox: ProxmoxClient,
    private readonly events: EventEmitter2,
    private readonly views: ServerViewsReader,
  ) {}

  /**
   * The server, if the caller may do this to it. A server the caller may not even see is a 404
   * (never revealing that it exists); one they see but may not change is a 403.
   */
  async getForAction(user: AuthUser, id: number, action: ServerAction): Promise<Server> {
    const server = await this.servers.findOne({ where: { id, deletedAt: IsNull() } });
    if (!server || !canAct(user, server, 'view'))
      throw new NotFoundException(`Server ${id} not found`);
    if (!canAct(user, server, action))
      throw new ForbiddenException('You do not have permission to do this to this server');
    return server;
  }

  listServers(user: AuthUser, query: ServerListQuery): Promise<ServerView[]> {
    const isStaff = isStaffRole(user.role);
    return this.views.find({
      ownerId: isStaff ? query.ownerId : user.id,
      status: query.status,
      search: query.search,
      searchOwnerEmail: isStaff,
      node: isStaff ? query.node : undefined,
    });
  }

  async getServerView(user: AuthUser, id: number): Promise<ServerView> {
    const [view] = await this.views.find({ id });
    if (!view || !canAct(user, view, 'view')) throw new NotFoundException(`Server ${id} not found`);
    return view;
  }

  /** The view of a server just acted on, as stored now (a deleted one included). */
  async view(server: Server): Promise<ServerView> {
    const [view] = await this.views.find({ id: server.id, includeDeleted: true });
    return view;
  }

  /** Live figures from Proxmox; the last known ones, marked stale, when Proxmox cannot answer. */
  async getLiveStatus(user: AuthUser, id: number): Promise<ServerLiveStatus> {
    const server = await this.getForAction(user, id, 'view');
    if (server.node && server.vmid && server.status !== 'creating') {
      try {
        const stats = await this.proxmox.getContainerStats(server.node, server.vmid);
        Object.assign(server, metricsFromStats(stats));
        await this.servers.update({ id: server.id }, metricsFromStats(stats));
        return {
          serverId: server.id,
          status: server.status,
          isStale: false,
          metrics: toMetricsView(server),
        };
      } catch (error) {
        if (!(error instanceof ProxmoxError)) throw error;
        this.logger.warn(`live status of serverId=${server.id} unavailable: ${error.message}`);
      }
    }
    return {
      serverId: server.id,
      status: server.status,
      isStale: true,
      metrics: toMetricsView(server),
    };
  }

  findById(id: number): Promise<Server | null> {
    return this.servers.findOne({ where: { id } });
  }

  async update(id: number, change: Partial<Server>): Promise<void> {
    await this.servers.update({ id }, change);
  }

  /** Stores a status change and tells whoever listens (the realtime gateway, notifications). */
  async setStatus(
    server: Server,
    status: Server['status'],
    extra: Partial<Server> = {},
    event: Partial<ServerStatusChangedEvent> = {},
  ): Promise<void> {
    Object.assign(server, extra, { status });
    await this.servers.update({ id: server.id }, { ...extra, status });
    this.emitStatus(server, event);
  }

  emitStatus(server: Server, event: Partial<ServerStatusChangedEvent> = {}): void {
    const payload: ServerStatusChangedEvent = {
      serverId: server.id,
      ownerId: server.ownerId,
      status: server.status,
      ...event,
    };
    this.events.emit(SERVER_STATUS_CHANGED, payload);
  }

  /** Servers that cost money today: live ones not yet charged through `day`. */
  listBillable(day: string): Promise<Server[]> {
    return this.servers.find({
      where: {
        deletedAt: IsNull(),
        status: In(['running', 'stopped', 'unknown']),
        billedThrough: LessThan(day),
      },
      order: { id: 'ASC' },
    });
  }

  /** A user's live servers (for their daily burn). */
  listLiveOf(ownerId: number): Promise<Server[]> {
    return this.servers.find({
      where: {
        ownerId,
        deletedAt: IsNull(),
        status: In(['running', 'stopped', 'unknown', 'creating']),
      },
    });
  }

  listSuspendedForBilling(ownerId?: number): Promise<Server[]> {
    return this.servers.find({
      where: {
        deletedAt: IsNull(),
        status: 'suspended',
        suspendReason: 'billing',
        ...(ownerId ? { ownerId } : {}),
      },
      order: { id: 'ASC' },
    });
  }

  isVmidTaken(node: string, vmid: number): Promise<boolean> {
    return this.servers.exists({ where: { node, vmid } });
  }

  /**
   * What the monitoring sweep (and the orphan check) needs of every server with a container, as plain rows: hydrating
   * 10,000 entities costs more than the rest of the sweep together.
   */
  async listSweepTargets(): Promise<SweepTarget[]> {
    const rows: Record<keyof SweepTarget, unknown>[] = await this.servers
      .createQueryBuilder('server')
      .select('server.id', 'id')
      .addSelect('server.ownerId', 'ownerId')
      .addSelect('server.hostname', 'hostname')
      .addSelect('server.node', 'node')
      .addSelect('server.vmid', 'vmid')
      .addSelect('server.status', 'status')
      .addSelect('server.activeOperationId', 'activeOperationId')
      .addSelect('server.createdAt', 'createdAt')
      .where('server.deletedAt IS NULL')
      .andWhere('server.vmid IS NOT NULL')
      .getRawMany();
    return rows.map((row) => ({
      id: Number(row.id),
      ownerId: Number(row.ownerId),
      hostname: String(row.hostname),
      node: String(row.node),
      vmid: Number(row.vmid),
      status: row.status as ServerStatus,
      activeOperationId: row.activeOperationId === null ? null : Number(row.activeOperationId),
      createdAt: row.createdAt as Date | string,
    }));
  }

  findManyByIds(ids: number[]): Promise<Server[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.servers.findBy({ id: In(ids) });
  }
}
