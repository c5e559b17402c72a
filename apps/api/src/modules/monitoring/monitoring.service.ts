import type { ServerStatsEvent, ServerStatus } from '@hostdeck/contracts';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';

import { monitoringConfig } from '../../config/configuration';
import { fromSqlDatetime } from '../../database/sql-datetime';
import { MetricsService } from '../metrics/metrics.service';
import { ProxmoxClient } from '../proxmox/proxmox-client';
import { EventsGateway } from '../realtime/events.gateway';
import { ServersService, SweepTarget } from '../servers/servers.service';
import { AlertsService, AlertSubject } from './alerts.service';
import { MetricsStore } from './metrics-store';
import { SweepLock } from './sweep-lock';

export interface SweepReport {
  /** The interval window (epoch ms / interval) this sweep holds the lock for. */
  window: number;
  at: string;
  durationMs: number;
  containers: number;
  serversSwept: number;
  proxmoxRequests: number;
  databaseStatements: number;
  driftCorrected: number;
  error: string | null;
}

/** Statuses the sweep may correct from what Proxmox reports; others belong to running operations or billing. */
const DRIFTABLE: ServerStatus[] = ['running', 'stopped', 'unknown'];
/** A container missing from Proxmox this long after creation is reported as unknown. */
const MISSING_GRACE_MS = 120_000;

/**
 * The monitoring sweep: one /cluster/resources call for every container, batched metric writes,
 * live stats to subscribed rooms, status drift reconciled, alerts evaluated.
 */
@Injectable()
export class MonitoringService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MonitoringService.name);
  private isSweeping = false;
  private lastRollUpHour = -1;
  lastSweep: SweepReport | undefined;

  constructor(
    @Inject(monitoringConfig.KEY) private readonly config: ConfigType<typeof monitoringConfig>,
    private readonly proxmox: ProxmoxClient,
    private readonly servers: ServersService,
    private readonly metrics: MetricsStore,
    private readonly alerts: AlertsService,
    private readonly gateway: EventsGateway,
    private readonly lock: SweepLock,
    private readonly scheduler: SchedulerRegistry,
    private readonly metricsExport: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    // The interval is configurable at start, so it is registered here rather than in a decorator.
    const timer = setInterval(
      () => void this.sweepServerStats(),
      this.config.intervalSeconds * 1000,
    );
    timer.unref();
    this.scheduler.addInterval('monitoring-sweep', timer);
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', 'monitoring-sweep'))
      this.scheduler.deleteInterval('monitoring-sweep');
  }

  /** One cycle, if this instance gets the cycle's lock and the previous sweep has finished. */
  async sweepServerStats(): Promise<SweepReport | undefined> {
    if (this.isSweeping) {
      this.logger.warn('previous sweep still running; this cycle is skipped');
      return undefined;
    }
    this.isSweeping = true;
    try {
      // One lock per interval window: whichever instance comes first in a window sweeps it.
      const intervalMs = this.config.intervalSeconds * 1000;
      const window = Math.floor(Date.now() / intervalMs);
      if (!(await this.lock.acquire(`sweep:${window}`, intervalMs * 2))) return undefined;
      return await this.sweep(window);
    } finally {
      this.isSweeping = false;
    }
  }

  /** A sweep right now, outside the schedule and its lock (tests, an operator's "refresh"). */
  async sweepNow(): Promise<SweepReport | undefined> {
    if (this.isSweeping) return undefined;
    this.isSweeping = true;
    try {
      return await this.sweep(Math.floor(Date.now() / (this.config.intervalSeconds * 1000)));
    } finally {
      this.isSweeping = false;
    }
  }

  private async sweep(window: number): Promise<SweepReport> {
    const started = Date.now();
    const now = new Date();
    const report: SweepReport = {
      window,
      at: now.toISOString(),
      durationMs: 0,
      containers: 0,
      serversSwept: 0,
      proxmoxRequests: 1,
      databaseStatements: 0,
      driftCorrected: 0,
      error: null,
    };
    try {
      const containers = await this.proxmox.listContainers();
      report.containers = containers.length;
      const byKey = new Map(
        containers.map((container) => [`${container.node}/${container.vmid}`, container]),
      );
      const servers = await this.servers.listSweepTargets();
      report.databaseStatements += 1;
      const subjects: AlertSubject[] = [];
      const stats: ServerStatsEvent[] = [];
      const drift: { server: SweepTarget; status: ServerStatus }[] = [];
      for (const server of servers) {
        const container = byKey.get(`${server.node}/${server.vmid}`);
        if (!container) {
          const isOld = started - fromSqlDatetime(server.createdAt).getTime() > MISSING_GRACE_MS;
          if (
            isOld &&
            !server.activeOperationId &&
            DRIFTABLE.includes(server.status) &&
            server.status !== 'unknown'
          )
            drift.push({ server, status: 'unknown' });
          continue;
        }
        const sample = {
          serverId: server.id,
          cpuPercent: Math.round(container.cpu * 10000) / 100,
          memUsedBytes: container.memUsedBytes,
          memTotalBytes: container.memTotalBytes,
          diskUsedBytes: container.diskUsedBytes,
          diskTotalBytes: container.diskTotalBytes,
          netInBytes: container.netInBytes,
          netOutBytes: container.netOutBytes,
          uptimeSeconds: container.uptimeSeconds,
        };
        subjects.push({ ...sample, ownerId: server.ownerId, hostname: server.hostname });
        // Spelled out so the event carries exactly the contract's fields (and one object shape).
        stats.push({
          serverId: sample.serverId,
          cpu: sample.cpuPercent,
          memUsedBytes: sample.memUsedBytes,
          memTotalBytes: sample.memTotalBytes,
          diskUsedBytes: sample.diskUsedBytes,
          diskTotalBytes: sample.diskTotalBytes,
          netInBytes: sample.netInBytes,
          netOutBytes: sample.netOutBytes,
          uptimeSeconds: sample.uptimeSeconds,
          at: report.at,
        });
        const actual: ServerStatus =
          container.status === 'running'
            ? 'running'
            : container.status === 'stopped'
              ? 'stopped'
              : 'unknown';
        if (
          !server.activeOperationId &&
          DRIFTABLE.includes(server.status) &&
          actual !== server.status
        )
          drift.push({ server, status: actual });
      }
      report.serversSwept = subjects.length;
      // Watchers get the figures first: storing 10,000 of them takes a few hundred milliseconds.
      this.gateway.publishStats(stats);
      report.databaseStatements += await this.metrics.writeSweep(subjects, now);
      if (drift.length > 0) await this.correctDrift(drift);
      report.driftCorrected = drift.length;
      await this.alerts.evaluate(subjects, now);
      await this.maintainHistory(now);
    } catch (error) {
      report.error = error instanceof Error ? error.message : String(error);
      this.logger.warn(`sweep failed: ${report.error}`);
    }
    report.durationMs = Date.now() - started;
    this.lastSweep = report;
    this.metricsExport.sweepDuration.observe(report.durationMs / 1000);
    this.metricsExport.serversSwept.set(report.serversSwept);
    if (report.error) this.metricsExport.sweepErrors.inc();
    this.logger.debug(`sweep: ${report.serversSwept} servers in ${report.durationMs} ms`);
    return report;
  }

  /** Drift is rare, so only the drifted servers are loaded as entities. */
  private async correctDrift(
    drift: { server: SweepTarget; status: ServerStatus }[],
  ): Promise<void> {
    const entities = new Map(
      (await this.servers.findManyByIds(drift.map(({ server }) => server.id))).map((server) => [
        server.id,
        server,
      ]),
    );
    for (const { server, status } of drift) {
      const entity = entities.get(server.id);
      // Changed since the sweep read it (an operation started, or it was deleted): leave it.
      if (!entity || entity.status !== server.status || entity.activeOperationId) continue;
      this.logger.log(
        `serverId=${server.id} ${server.node}/${server.vmid} is ${status} on Proxmox (panel had ${server.status})`,
      );
      await this.servers.setStatus(
        entity,
        status,
        {},
        { message: `Status changed outside the panel: ${status}` },
      );
    }
  }

  /** Hourly roll-ups and pruning, run by whichever instance sweeps first in a new hour. */
  private async maintainHistory(now: Date): Promise<void> {
    const hour = Math.floor(now.getTime() / 3600_000);
    if (hour === this.lastRollUpHour) return;
    this.lastRollUpHour = hour;
    await this.metrics.rollUpAndPrune(
      now,
      this.config.rawRetentionMs,
      this.config.hourlyRetentionMs,
    );
  }
}
