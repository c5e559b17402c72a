import { randomInt } from 'node:crypto';

import type {
  CreateServerResponse,
  OperationAccepted,
  PasswordResetResponse,
  ResizeServerResponse,
  ServerStatus,
  SnapshotView,
} from '@hostdeck/contracts';
import {
  BadRequestException,
  BeforeApplicationShutdown,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';

import type { AuthUser } from '../../common/decorators/current-user.decorator';
import {
  DATABASE_UNREACHABLE_MESSAGE,
  isDatabaseUnreachable,
} from '../../common/filters/api-exception.filter';
import { serversConfig } from '../../config/configuration';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';
import { LedgerService } from '../billing/ledger.service';
import { billingDay, dailyPriceMinor, resizedMonthlyPriceMinor } from '../billing/pricing';
import { CatalogService } from '../catalog/catalog.service';
import { isUniqueViolation } from '../users/users.service';
import { ProxmoxClient } from '../proxmox/proxmox-client';
import { ProxmoxApiError, ProxmoxError } from '../proxmox/proxmox.errors';
import type { CreateServerDto } from './dto/create-server.dto';
import type { ResizeServerDto } from './dto/resize-server.dto';
import { Operation } from './entities/operation.entity';
import { Server } from './entities/server.entity';
import { toOperationView } from './mappers/entity-views';
import { OperationsService } from './operations.service';
import { ServersService } from './servers.service';

const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+-=_';

/** A strong random root password (20 characters, ~118 bits); shown once, never stored. */
export function generateRootPassword(length = 20): string {
  let password = '';
  for (let i = 0; i < length; i++)
    password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return password;
}

function generateHostname(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += alphabet[randomInt(alphabet.length)];
  return `srv-${suffix}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Pauses between attempts to record a failed operation (about two minutes in all). */
const FAILURE_RETRY_DELAYS_MS = [
  1000, 2000, 3000, 5000, 5000, 5000, 10_000, 10_000, 20_000, 30_000, 30_000,
];

function describeError(error: unknown): string {
  if (error instanceof ProxmoxError) return error.publicMessage;
  if (isDatabaseUnreachable(error)) return DATABASE_UNREACHABLE_MESSAGE;
  return error instanceof Error ? error.message : String(error);
}

/** Statuses from which each power action makes sense. */
const POWER_FROM: Record<'start' | 'stop' | 'restart', ServerStatus[]> = {
  start: ['stopped', 'unknown'],
  stop: ['running', 'unknown'],
  restart: ['running'],
};

/**
 * Every action that changes a server: each is an Operation that holds the server's single slot,
 * runs against Proxmox in the background and ends in a server-status event.
 */
@Injectable()
export class ServerLifecycleService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ServerLifecycleService.name);
  private readonly inFlight = new Set<Promise<void>>();
  private readonly runningOperationIds = new Set<number>();
  private isShuttingDown = false;

  constructor(
    @Inject(serversConfig.KEY) private readonly config: ConfigType<typeof serversConfig>,
    private readonly servers: ServersService,
    private readonly operations: OperationsService,
    private readonly catalog: CatalogService,
    private readonly ledger: LedgerService,
    private readonly proxmox: ProxmoxClient,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  // ---- create -------------------------------------------------------------------------------

  async createServer(
    user: AuthUser,
    dto: CreateServerDto,
    ip: string,
  ): Promise<CreateServerResponse> {
    const tariff = await this.catalog.getActiveTariff(dto.tariffId);
    const os = await this.catalog.getActiveOperatingSystem(dto.osId);
    const hostname = dto.hostname ?? generateHostname();
    const rootPassword = generateRootPassword();
    const today = billingDay(new Date());
    const firstCharge = dailyPriceMinor(tariff.priceMonthlyMinor);

    // The server, its first charge and its operation are one transaction: all or nothing.
    const { server, operation } = await this.unitOfWork.run(async (manager) => {
      await this.ledger.lockAndCheckFunds(manager, user.id, firstCharge);
      const created = await manager.save(
        manager.create(Server, {
          ownerId: user.id,
          tariffId: tariff.id,
          osId: os.id,
          hostname,
          status: 'creating',
          cores: tariff.cores,
          memoryMb: tariff.memoryMb,
          diskGb: tariff.diskGb,
          priceMonthlyMinor: tariff.priceMonthlyMinor,
          billedThrough: today,
          node: null,
          vmid: null,
          ipAddress: null,
          activeOperationId: null,
        }),
      );
      await this.ledger.apply(manager, {
        userId: user.id,
        type: 'charge',
        amountMinor: -firstCharge,
        reference: `charge:server:${created.id}:${today}`,
        description: `${tariff.name} server ${hostname}: ${today}`,
        serverId: created.id,
        requireFunds: true,
      });
      const claimed = await this.operations.claimWithin(manager, created.id, user.id, 'create', {
        templateVolid: os.templateVolid,
      });
      created.activeOperationId = claimed.id;
      return { server: created, operation: claimed };
    });

    await this.audit.record({
      action: 'server.create',
      actorId: user.id,
      targetType: 'server',
      targetId: server.id,
      ip,
      details: { tariffId: tariff.id, osId: os.id, hostname },
    });
    this.servers.emitStatus(server, {
      operationId: operation.id,
      message: 'Creating the container',
    });
    this.runInBackground(operation, server, () =>
      this.provision(server, operation, {
        templateVolid: os.templateVolid,
        rootPassword,
        sshPublicKeys: dto.sshPublicKeys,
      }),
    );
    return {
      server: await this.servers.view(server),
      operation: toOperationView(operation),
      rootPassword,
    };
  }

  private async provision(
    server: Server,
    operation: Operation,
    spec: { templateVolid: string; rootPassword: string; sshPublicKeys?: string[] },
  ): Promise<void> {
    await this.operations.markRunning(operation);
    const node = await this.proxmox.pickNode({ memoryMb: server.memoryMb, diskGb: server.diskGb });
    let vmid = await this.proxmox.nextVmid();
    for (let attempt = 1; ; attempt++) {
      // Recorded before Proxmox is asked, so a crash right after still finds the container. The
      // unique (node, vmid) index also settles two creates handed the same free vmid.
      // Proxmox's next free id does not know ids other creates hold but have not used yet.
      while (await this.servers.isVmidTaken(node, vmid)) vmid += 1;
      try {
        await this.servers.update(server.id, { node, vmid });
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 20) throw error;
        vmid += 1;
        continue;
      }
      Object.assign(server, { node, vmid });
      try {
        const task = await this.proxmox.createContainer({
          node,
          vmid,
          hostname: server.hostname,
          templateVolid: spec.templateVolid,
          cores: server.cores,
          memoryMb: server.memoryMb,
          diskGb: server.diskGb,
          rootPassword: spec.rootPassword,
          sshPublicKeys: spec.sshPublicKeys,
          start: true,
        });
        await this.operations.recordUpid(operation, task.upid);
        await this.proxmox.waitForTask(task);
        break;
      } catch (error) {
        // A container made outside the panel may hold the vmid; take the next free one.
        const vmidTaken = error instanceof ProxmoxApiError && /already exists/i.test(error.message);
        if (!vmidTaken || attempt >= 20) throw error;
        await this.servers.update(server.id, { node: null, vmid: null });
        Object.assign(server, { node: null, vmid: null });
        vmid = Math.max(vmid + 1, await this.proxmox.nextVmid());
      }
    }
    await this.finishWithFreshState(server, operation, 'Server is ready');
  }

  /** Reads the container's state and IP back from Proxmox, then ends the operation. */
  private async finishWithFreshState(
    server: Server,
    operation: Operation,
    message: string,
  ): Promise<void> {
    const { status, ipAddress } = await this.readContainerState(server);
    await this.finishAs(
      server,
      operation,
      status,
      { ipAddress: ipAddress ?? server.ipAddress },
      message,
    );
  }

  /**
   * Ends a successful operation and writes the status it leaves in one transaction, status
   * first: nobody may see the slot free with the old status (a start right after a finished stop
   * would be refused, a suspend would look undone, or a new action's status be overwritten).
   */
  private async finishAs(
    server: Server,
    operation: Operation,
    status: ServerStatus,
    extra: Partial<Server>,
    message: string,
  ): Promise<void> {
    const fresh = { ...extra, status };
    await this.unitOfWork.run(async (manager) => {
      await manager.update(Server, { id: server.id }, fresh);
      await this.operations.finish(operation, undefined, manager);
    });
    Object.assign(server, fresh, { activeOperationId: null });
    this.servers.emitStatus(server, { operationId: operation.id, message });
  }

  async readContainerState(
    server: Server,
  ): Promise<{ status: ServerStatus; ipAddress: string | null }> {
    if (!server.node || !server.vmid) return { status: 'unknown', ipAddress: null };
    const stats = await this.proxmox.getContainerStats(server.node, server.vmid);
    const status: ServerStatus =
      stats.status === 'running' ? 'running' : stats.status === 'stopped' ? 'stopped' : 'unknown';
    let ipAddress: string | null = null;
    // DHCP may take a moment after start.
    for (let attempt = 0; status === 'running' && attempt < 10 && !ipAddress; attempt++) {
      ipAddress = await this.proxmox.getContainerIp(server.node, server.vmid);
      if (!ipAddress) await sleep(300);
    }
    return { status, ipAddress };
  }

  /**
   * Undo of a failed create: a half-made container is removed, then the first charge goes back.
   * A container that cannot be removed yet (Proxmox away, still locked by its create task) throws:
   * refunding while it may still come up would leave a running container nobody pays for.
   */
  async compensateFailedCreate(server: Server, reason: string): Promise<void> {
    if (server.node && server.vmid) {
      try {
        await this.destroyContainer(server.node, server.vmid);
      } catch (error) {
        this.logger.warn(
          `serverId=${server.id} could not remove container ${server.node}/${server.vmid} after a failed create yet: ${describeError(error)}`,
        );
        throw error;
      }
    }
    await this.refundCharge(server, 'create', `Refund: ${server.hostname} could not be created`);
    this.logger.warn(`serverId=${server.id} create failed: ${reason}`);
  }

  private async refundCharge(server: Server, why: string, description: string): Promise<void> {
    const day = server.billedThrough;
    if (!day) return;
    await this.unitOfWork.run(async (manager) => {
      const charge = await this.ledger.findByReference(
        manager,
        `charge:server:${server.id}:${day}`,
      );
      if (!charge) return;
      await this.ledger.apply(manager, {
        userId: server.ownerId,
        type: 'refund',
        amountMinor: -charge.amountMinor,
        reference: `refund:server:${server.id}:${why}`,
        description,
        serverId: server.id,
      });
    });
  }

  // ---- power --------------------------------------------------------------------------------

  async powerAction(
    user: AuthUser,
    id: number,
    action: 'start' | 'stop' | 'restart',
    force: boolean,
    ip: string,
  ): Promise<OperationAccepted> {
    const server = await this.servers.getForAction(user, id, 'power');
    if (!POWER_FROM[action].includes(server.status)) {
      throw new ConflictException(`Cannot ${action} a server that is ${server.status}`);
    }
    const operation = await this.claim(server, user.id, action, { force });
    await this.audit.record({
      action: `server.${action}`,
      actorId: user.id,
      targetType: 'server',
      targetId: server.id,
      ip,
      details: force ? { force } : undefined,
    });
    this.servers.emitStatus(server, { operationId: operation.id, message: `${action} requested` });
    this.runInBackground(operation, server, async () => {
      await this.operations.markRunning(operation);
      const node = server.node as string;
      const vmid = server.vmid as number;
      const task =
        action === 'start'
          ? await this.proxmox.setPowerState(node, vmid, 'start')
          : action === 'restart'
            ? await this.proxmox.setPowerState(node, vmid, 'reboot', {
                timeoutSeconds: this.config.shutdownTimeoutSeconds,
              })
            : force
              ? await this.proxmox.setPowerState(node, vmid, 'stop')
              : // Graceful first; Proxmox stops it hard when the timeout passes.
                await this.proxmox.setPowerState(node, vmid, 'shutdown', {
                  timeoutSeconds: this.config.shutdownTimeoutSeconds,
                  forceStop: true,
                });
      await this.operations.recordUpid(operation, task.upid);
      await this.proxmox.waitForTask(task, (this.config.shutdownTimeoutSeconds + 60) * 1000);
      await this.finishWithFreshState(server, operation, `${action} finished`);
    });
    return { server: await this.servers.view(server), operation: toOperationView(operation) };
  }

  /** Admin: stop a server and mark it suspended (billing uses this too). */
  async suspendServer(
    actor: AuthUser | null,
    id: number,
    reason: string,
  ): Promise<OperationAccepted> {
    const server = actor
      ? await this.servers.getForAction(actor, id, 'suspend')
      : await this.requireServer(id);
    if (server.status === 'suspended')
      throw new ConflictException('The server is already suspended');
    if (!['running', 'stopped', 'unknown'].includes(server.status))
      throw new ConflictException(`Cannot suspend a server that is ${server.status}`);
    const operation = await this.claim(server, actor?.id ?? null, 'stop', {
      suspend: true,
      reason,
    });
    await this.audit.record({
      action: 'server.suspend',
      actorId: actor?.id ?? null,
      targetType: 'server',
      targetId: server.id,
      details: { reason },
    });
    this.runInBackground(operation, server, async () => {
      await this.operations.markRunning(operation);
      const { status } = await this.readContainerState(server);
      if (status === 'running') {
        const task = await this.proxmox.setPowerState(
          server.node as string,
          server.vmid as number,
          'stop',
        );
        await this.operations.recordUpid(operation, task.upid);
        await this.proxmox.waitForTask(task);
      }
      await this.finishAs(
        server,
        operation,
        'suspended',
        { suspendedAt: new Date(), suspendReason: actor ? 'admin' : 'billing' },
        reason,
      );
    });
    return { server: await this.servers.view(server), operation: toOperationView(operation) };
  }

  async unsuspendServer(actor: AuthUser | null, id: number): Promise<OperationAccepted> {
    const server = actor
      ? await this.servers.getForAction(actor, id, 'suspend')
      : await this.requireServer(id);
    if (server.status !== 'suspended') throw new ConflictException('The server is not suspended');
    const operation = await this.claim(server, actor?.id ?? null, 'start', {
      unsuspend: true,
    });
    await this.audit.record({
      action: 'server.unsuspend',
      actorId: actor?.id ?? null,
      targetType: 'server',
      targetId: server.id,
    });
    this.runInBackground(operation, server, async () => {
      await this.operations.markRunning(operation);
      const task = await this.proxmox.setPowerState(
        server.node as string,
        server.vmid as number,
        'start',
      );
      await this.operations.recordUpid(operation, task.upid);
      await this.proxmox.waitForTask(task);
      server.suspendedAt = null;
      server.suspendReason = null;
      await this.servers.update(server.id, { suspendedAt: null, suspendReason: null });
      await this.finishWithFreshState(server, operation, 'Server resumed');
    });
    return { server: await this.servers.view(server), operation: toOperationView(operation) };
  }

  // ---- resize -------------------------------------------------------------------------------

  async resizeServer(
    user: AuthUser,
    id: number,
    dto: ResizeServerDto,
    ip: string,
  ): Promise<ResizeServerResponse> {
    const server = await this.servers.getForAction(user, id, 'manage');
    if (dto.cores === undefined && dto.memoryMb === undefined && dto.diskGb === undefined) {
      throw new BadRequestException(['Give at least one of cores, memoryMb, diskGb']);
    }
    if (dto.diskGb !== undefined && dto.diskGb < server.diskGb) {
      throw new BadRequestException([
        `diskGb: disks can only grow; this server has ${server.diskGb} GB, so ask for ${server.diskGb} GB or more`,
      ]);
    }
    if (!['running', 'stopped'].includes(server.status))
      throw new ConflictException(`Cannot resize a server that is ${server.status}`);
    const wanted = {
      cores: dto.cores ?? server.cores,
      memoryMb: dto.memoryMb ?? server.memoryMb,
      diskGb: dto.diskGb ?? server.diskGb,
    };
    await this.ensureNodeRoom(server, wanted);
    const tariff = await this.catalog.getTariff(server.tariffId);
    const priceMonthlyMinor = tariff
      ? resizedMonthlyPriceMinor(tariff.priceMonthlyMinor, tariff, wanted, this.config.unitPrices)
      : server.priceMonthlyMinor;
    const operation = await this.claim(server, user.id, 'resize', {
      ...wanted,
      priceMonthlyMinor,
    });
    await this.audit.record({
      action: 'server.resize',
      actorId: user.id,
      targetType: 'server',
      targetId: server.id,
      ip,
      details: { ...wanted, priceMonthlyMinor },
    });
    this.runInBackground(operation, server, async () => {
      await this.operations.markRunning(operation);
      const node = server.node as string;
      const vmid = server.vmid as number;
      // The disk first: it is the step that may fail in its task, and it cannot be undone, so
      // once grown it is recorded (and priced) even if the rest fails.
      if (wanted.diskGb > server.diskGb) {
        const task = await this.proxmox.growDisk(node, vmid, wanted.diskGb);
        await this.operations.recordUpid(operation, task.upid);
        await this.proxmox.waitForTask(task);
        const grown = { cores: server.cores, memoryMb: server.memoryMb, diskGb: wanted.diskGb };
        const grownPrice = tariff
          ? resizedMonthlyPriceMinor(
              tariff.priceMonthlyMinor,
              tariff,
              grown,
              this.config.unitPrices,
            )
          : server.priceMonthlyMinor;
        await this.servers.update(server.id, {
          diskGb: grown.diskGb,
          priceMonthlyMinor: grownPrice,
        });
        Object.assign(server, { diskGb: grown.diskGb, priceMonthlyMinor: grownPrice });
      }
      if (wanted.cores !== server.cores || wanted.memoryMb !== server.memoryMb) {
        await this.proxmox.updateResources(node, vmid, {
          cores: wanted.cores,
          memoryMb: wanted.memoryMb,
        });
      }
      // The new price is charged from the next billing day on.
      await this.servers.update(server.id, { ...wanted, priceMonthlyMinor });
      Object.assign(server, wanted, { priceMonthlyMinor });
      await this.finishWithFreshState(server, operation, 'Resize finished');
    });
    return {
      server: await this.servers.view(server),
      operation: toOperationView(operation),
      priceMonthlyMinor,
    };
  }

  private async ensureNodeRoom(
    server: Server,
    wanted: { memoryMb: number; diskGb: number },
  ): Promise<void> {
    const extraMemory = (wanted.memoryMb - server.memoryMb) * 1024 ** 2;
    const extraDisk = (wanted.diskGb - server.diskGb) * 1024 ** 3;
    if ((extraMemory <= 0 && extraDisk <= 0) || !server.node) return;
    const node = await this.proxmox.getNodeStatus(server.node);
    if (
      node.memTotalBytes - node.memUsedBytes < extraMemory ||
      node.diskTotalBytes - node.diskUsedBytes < extraDisk
    ) {
      throw new ConflictException(
        'The host of this server has no room for that size right now; contact support',
      );
    }
  }

  // ---- snapshots ----------------------------------------------------------------------------

  async listSnapshots(user: AuthUser, id: number): Promise<SnapshotView[]> {
    const server = await this.servers.getForAction(user, id, 'view');
    if (!server.node || !server.vmid) return [];
    const snapshots = await this.proxmox.listSnapshots(server.node, server.vmid);
    return snapshots.map((snapshot) => ({
      name: snapshot.name,
      description: snapshot.description,
      parent: snapshot.parent ?? null,
      createdAt: snapshot.createdAt ? snapshot.createdAt.toISOString() : null,
    }));
  }

  async createSnapshot(
    user: AuthUser,
    id: number,
    name: string,
    description: string | undefined,
    ip: string,
  ): Promise<OperationAccepted> {
    const server = await this.requireContainer(await this.servers.getForAction(user, id, 'manage'));
    const existing = await this.proxmox.listSnapshots(server.node as string, server.vmid as number);
    if (existing.some((snapshot) => snapshot.name.toLowerCase() === name.toLowerCase())) {
      throw new ConflictException(`A snapshot named "${name}" already exists`);
    }
    if (existing.length >= this.config.snapshotLimit) {
      throw new ConflictException(
        `This server already has ${existing.length} snapshots, the most allowed; delete one first`,
      );
    }
    return this.runTask(user, server, 'snapshot-create', { name }, ip, () =>
      this.proxmox.createSnapshot(server.node as string, server.vmid as number, name, description),
    );
  }

  async rollbackSnapshot(
    user: AuthUser,
    id: number,
    name: string,
    ip: string,
  ): Promise<OperationAccepted> {
    const server = await this.requireContainer(await this.servers.getForAction(user, id, 'manage'));
    await this.requireSnapshot(server, name);
    // Proxmox stops a running container to roll back; start it again if it was running.
    const wasRunning = server.status === 'running';
    return this.runTask(user, server, 'snapshot-rollback', { name }, ip, () =>
      this.proxmox.rollbackSnapshot(server.node as string, server.vmid as number, name, wasRunning),
    );
  }

  async deleteSnapshot(
    user: AuthUser,
    id: number,
    name: string,
    ip: string,
  ): Promise<OperationAccepted> {
    const server = await this.requireContainer(await this.servers.getForAction(user, id, 'manage'));
    await this.requireSnapshot(server, name);
    return this.runTask(user, server, 'snapshot-delete', { name }, ip, () =>
      this.proxmox.deleteSnapshot(server.node as string, server.vmid as number, name),
    );
  }

  private async requireSnapshot(server: Server, name: string): Promise<void> {
    const snapshots = await this.proxmox.listSnapshots(
      server.node as string,
      server.vmid as number,
    );
    if (!snapshots.some((snapshot) => snapshot.name === name))
      throw new NotFoundException(`Snapshot "${name}" not found`);
  }

  /** An operation that is one Proxmox task, followed to its end. */
  private async runTask(
    user: AuthUser,
    server: Server,
    type: Operation['type'],
    details: Record<string, unknown>,
    ip: string,
    start: () => Promise<{ node: string; upid: string }>,
  ): Promise<OperationAccepted> {
    if (!['running', 'stopped'].includes(server.status))
      throw new ConflictException(`Cannot do this while the server is ${server.status}`);
    const operation = await this.claim(server, user.id, type, details);
    await this.audit.record({
      action: `server.${type}`,
      actorId: user.id,
      targetType: 'server',
      targetId: server.id,
      ip,
      details,
    });
    this.runInBackground(operation, server, async () => {
      await this.operations.markRunning(operation);
      const task = await start();
      await this.operations.recordUpid(operation, task.upid);
      await this.proxmox.waitForTask(task);
      await this.finishWithFreshState(server, operation, `${type} finished`);
    });
    return { server: await this.servers.view(server), operation: toOperationView(operation) };
  }

  // ---- password -----------------------------------------------------------------------------

  async resetPassword(user: AuthUser, id: number, ip: string): Promise<PasswordResetResponse> {
    const server = await this.requireContainer(await this.servers.getForAction(user, id, 'manage'));
    if (server.status !== 'running')
      throw new ConflictException('The server is stopped; start it before changing the password');
    const operation = await this.claim(server, user.id, 'password');
    const password = generateRootPassword();
    try {
      await this.operations.markRunning(operation);
      await this.proxmox.setRootPassword(server.node as string, server.vmid as number, password);
      await this.operations.finish(operation);
    } catch (error) {
      await this.operations.finish(operation, describeError(error));
      throw error;
    }
    await this.audit.record({
      action: 'server.password',
      actorId: user.id,
      targetType: 'server',
      targetId: server.id,
      ip,
    });
    return { password };
  }

  // ---- delete -------------------------------------------------------------------------------

  async deleteServer(user: AuthUser, id: number, ip: string): Promise<OperationAccepted> {
    const server = await this.servers.getForAction(user, id, 'manage');
    return this.startDelete(server, user.id, ip);
  }

  /** Billing: a server unpaid past its grace period. */
  async deleteUnpaidServer(id: number): Promise<OperationAccepted> {
    return this.startDelete(await this.requireServer(id), null, null);
  }

  private async startDelete(
    server: Server,
    actorId: number | null,
    ip: string | null,
  ): Promise<OperationAccepted> {
    if (server.status === 'creating' || server.status === 'deleting') {
      throw new ConflictException(
        `Cannot delete a server that is ${server.status}; wait for it to finish`,
      );
    }
    const operation = await this.claim(server, actorId, 'delete');
    await this.audit.record({
      action: 'server.delete',
      actorId,
      targetType: 'server',
      targetId: server.id,
      ip,
    });
    await this.servers.setStatus(
      server,
      'deleting',
      {},
      { operationId: operation.id, message: 'Deleting' },
    );
    this.runInBackground(operation, server, async () => {
      await this.operations.markRunning(operation);
      if (server.node && server.vmid)
        await this.destroyContainer(server.node, server.vmid, (upid) =>
          this.operations.recordUpid(operation, upid),
        );
      if (this.config.refundOnDelete)
        await this.refundCharge(server, 'delete', `Refund: ${server.hostname} deleted`);
      // Soft delete: the row stays for the ledger and the audit log.
      await this.finishAs(
        server,
        operation,
        'deleting',
        { deletedAt: new Date(), ipAddress: null },
        'Server deleted',
      );
    });
    return { server: await this.servers.view(server), operation: toOperationView(operation) };
  }

  /** Stops (hard) and removes a container; one that is already gone counts as removed. */
  async destroyContainer(
    node: string,
    vmid: number,
    onTask?: (upid: string) => Promise<void>,
  ): Promise<void> {
    let stats;
    try {
      stats = await this.proxmox.getContainerStats(node, vmid);
    } catch (error) {
      if (error instanceof ProxmoxApiError && error.isNotFound) return;
      throw error;
    }
    if (stats.status === 'running') {
      const stop = await this.proxmox.setPowerState(node, vmid, 'stop');
      await onTask?.(stop.upid);
      await this.proxmox.waitForTask(stop);
    }
    const destroy = await this.proxmox.deleteContainer(node, vmid);
    await onTask?.(destroy.upid);
    await this.proxmox.waitForTask(destroy);
  }

  /** Takes the server's operation slot; the answer then shows the operation as active. */
  private async claim(
    server: Server,
    userId: number | null,
    type: Operation['type'],
    payload?: object,
  ): Promise<Operation> {
    const operation = await this.operations.claim(server.id, userId, type, payload);
    server.activeOperationId = operation.id;
    return operation;
  }

  // ---- background execution -----------------------------------------------------------------

  /**
   * Runs an operation's Proxmox work after the HTTP answer. A failure ends the operation with the
   * error and puts the server in a state that tells the truth (error for a failed create).
   */
  private runInBackground(operation: Operation, server: Server, work: () => Promise<void>): void {
    const run = work()
      .catch(async (error: unknown) => {
        const message = describeError(error);
        this.logger.warn(
          `serverId=${server.id} operationId=${operation.id} ${operation.type} failed: ${message}`,
        );
        // The database or Proxmox may be what failed: keep trying to record the failure (and to
        // undo a create) for a while; after that the reconciler settles the operation.
        for (const delayMs of FAILURE_RETRY_DELAYS_MS) {
          if (this.isShuttingDown) return;
          try {
            return await this.recordFailure(operation, server, message);
          } catch (cleanupError) {
            this.logger.warn(
              `serverId=${server.id} operationId=${operation.id} could not record the failure yet: ${describeError(cleanupError)}`,
            );
          }
          await sleep(delayMs);
        }
        this.logger.error(
          `serverId=${server.id} operationId=${operation.id} failure not recorded; the reconciler will settle it`,
        );
      })
      .finally(() => {
        this.inFlight.delete(run);
        this.runningOperationIds.delete(operation.id);
      });
    this.inFlight.add(run);
    this.runningOperationIds.add(operation.id);
  }

  /** Ends a failed operation and puts the server in a state that tells the truth. */
  private async recordFailure(
    operation: Operation,
    server: Server,
    message: string,
  ): Promise<void> {
    if (operation.type === 'create') {
      await this.compensateFailedCreate(server, message);
      return this.endFailed(operation, server, 'error', message);
    }
    // A failed delete that cannot read the state says unknown (the sweep corrects that), not
    // error: the server is intact.
    let status: ServerStatus = server.status === 'deleting' ? 'unknown' : server.status;
    try {
      status = (await this.readContainerState(server)).status;
    } catch {
      // Proxmox still unreachable: keep what we knew.
    }
    await this.endFailed(operation, server, status, message);
  }

  /**
   * The server's status and its operation's end in one transaction (nobody sees the slot free
   * with a stale status), then the event.
   */
  private async endFailed(
    operation: Operation,
    server: Server,
    status: ServerStatus,
    message: string,
  ): Promise<void> {
    await this.unitOfWork.run(async (manager) => {
      await manager.update(Server, { id: server.id }, { status });
      await this.operations.finish(operation, message, manager);
    });
    Object.assign(server, { status, activeOperationId: null });
    this.servers.emitStatus(server, { operationId: operation.id, message });
  }

  /** Whether this process is executing the operation now (the reconciler leaves those alone). */
  isRunningHere(operationId: number): boolean {
    return this.runningOperationIds.has(operationId);
  }

  /** Lets running operations finish (or fail) before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.isShuttingDown = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise((resolve) => (timer = setTimeout(resolve, 15_000)));
    await Promise.race([Promise.allSettled([...this.inFlight]), deadline]);
    clearTimeout(timer);
  }

  private async requireServer(id: number): Promise<Server> {
    const server = await this.servers.findById(id);
    if (!server || server.deletedAt) throw new NotFoundException(`Server ${id} not found`);
    return server;
  }

  private async requireContainer(server: Server): Promise<Server> {
    if (!server.node || !server.vmid)
      throw new ConflictException(`The server is ${server.status} and has no container yet`);
    return server;
  }
}
