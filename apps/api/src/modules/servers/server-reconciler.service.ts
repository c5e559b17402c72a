import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';

import { ProxmoxClient } from '../proxmox/proxmox-client';
import { ProxmoxApiError, ProxmoxError } from '../proxmox/proxmox.errors';
import type { ContainerConfig } from '../proxmox/proxmox.types';
import type { Operation } from './entities/operation.entity';
import type { Server } from './entities/server.entity';
import { OperationsService } from './operations.service';
import { ServerLifecycleService } from './server-lifecycle.service';
import { ServersService } from './servers.service';

/** An operation this old with no live task behind it was abandoned (a crash, a restart). */
const ABANDONED_AFTER_MS = 60_000;

/**
 * Unfinished operations are settled against Proxmox after a crash or restart, so nothing stays
 * "creating" forever and no container is left without a server row.
 */
@Injectable()
export class ServerReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ServerReconcilerService.name);
  private isRunning = false;
  private isStopped = false;
  private firstPass: NodeJS.Timeout | undefined;
  /** Containers on Proxmox that no server row owns, from the last pass. */
  orphans: { node: string; vmid: number; name?: string }[] = [];

  constructor(
    private readonly operations: OperationsService,
    private readonly servers: ServersService,
    private readonly lifecycle: ServerLifecycleService,
    private readonly proxmox: ProxmoxClient,
  ) {}

  onApplicationBootstrap(): void {
    // After start-up, without delaying it: Proxmox may be slow or away.
    this.firstPass = setTimeout(() => void this.reconcile(), 1000);
    this.firstPass.unref();
  }

  onApplicationShutdown(): void {
    this.isStopped = true;
    clearTimeout(this.firstPass);
  }

  @Interval('reconcile-operations', 60_000)
  async reconcile(): Promise<void> {
    if (this.isRunning || this.isStopped) return;
    this.isRunning = true;
    let isTaskStillRunning = false;
    try {
      for (const operation of await this.operations.listUnfinished()) {
        if (this.lifecycle.isRunningHere(operation.id)) continue;
        isTaskStillRunning =
          (await this.settle(operation).catch((error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            this.logger.warn(`operationId=${operation.id} could not be reconciled yet: ${message}`);
            return false;
          })) === 'task-running' || isTaskStillRunning;
      }
      // A task left by a process that died is looked at again soon, not at the next full pass a
      // minute later: the customer is waiting for that server.
      if (isTaskStillRunning && !this.isStopped) {
        clearTimeout(this.firstPass);
        this.firstPass = setTimeout(() => void this.reconcile(), 3000);
        this.firstPass.unref();
      }
      await this.findOrphans();
    } catch (error) {
      // A timer has nobody to throw to: log and try again next time.
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof ProxmoxError) this.logger.warn(`reconciliation postponed: ${message}`);
      else this.logger.error(`reconciliation failed: ${message}`);
    } finally {
      this.isRunning = false;
    }
  }

  private async settle(operation: Operation): Promise<void | 'task-running'> {
    const server = await this.servers.findById(operation.serverId);
    if (!server) return this.operations.finish(operation, 'server no longer exists');
    if (operation.upid && server.node) {
      const task = await this.proxmox.getTaskStatus({ node: server.node, upid: operation.upid });
      // Someone is (or was) following it; its end is still to come.
      if (task.isRunning) return 'task-running';
      const exit = task.exitStatus ?? 'unexpected status';
      const isOk = exit === 'OK' || exit.startsWith('WARNINGS');
      return this.conclude(operation, server, isOk ? undefined : exit);
    }
    if (operation.type === 'create' && server.node && server.vmid) {
      // Proxmox writes a new container's config, locked, before it answers the create, so what
      // it shows now tells how the create went even though the answer (the UPID) was lost.
      const config = await this.containerConfig(server);
      if (config?.lock === 'create') return 'task-running';
      if (config) return this.conclude(operation, server);
    }
    // Nothing on Proxmox yet: the request may still be on its way from a live process.
    const age = Date.now() - operation.createdAt.getTime();
    if (age < ABANDONED_AFTER_MS) return;
    return this.conclude(operation, server, 'interrupted before Proxmox started the task');
  }

  private async conclude(operation: Operation, server: Server, error?: string): Promise<void> {
    this.logger.log(
      `reconciled operationId=${operation.id} ${operation.type} serverId=${server.id}: ${error ?? 'succeeded'}`,
    );
    if (error && operation.type === 'create') {
      await this.lifecycle.compensateFailedCreate(server, error);
      await this.operations.finish(operation, error);
      return this.servers.setStatus(
        server,
        'error',
        { activeOperationId: null },
        { operationId: operation.id, message: error },
      );
    }
    if (operation.type === 'delete' && !error) {
      await this.operations.finish(operation);
      return this.servers.setStatus(
        server,
        'deleting',
        { deletedAt: new Date(), activeOperationId: null },
        { operationId: operation.id },
      );
    }
    await this.operations.finish(operation, error);
    const { status, ipAddress } = await this.lifecycle.readContainerState(server);
    await this.servers.setStatus(
      server,
      status,
      { activeOperationId: null, ipAddress: ipAddress ?? server.ipAddress },
      { operationId: operation.id },
    );
  }

  /** The container's config, or null when Proxmox has no such container. */
  private async containerConfig(server: Server): Promise<ContainerConfig | null> {
    try {
      return await this.proxmox.getContainerConfig(server.node as string, server.vmid as number);
    } catch (error) {
      if (error instanceof ProxmoxApiError && error.isNotFound) return null;
      throw error;
    }
  }

  private async findOrphans(): Promise<void> {
    const known = new Set(
      (await this.servers.listSweepTargets()).map((server) => `${server.node}/${server.vmid}`),
    );
    const containers = await this.proxmox.listContainers();
    this.orphans = containers
      .filter((container) => !known.has(`${container.node}/${container.vmid}`))
      .map((container) => ({ node: container.node, vmid: container.vmid, name: container.name }));
    for (const orphan of this.orphans) {
      this.logger.warn(
        `orphan container ${orphan.node}/${orphan.vmid} (${orphan.name ?? 'unnamed'}) has no server in the panel`,
      );
    }
  }
}
