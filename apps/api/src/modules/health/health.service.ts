import type {
  HealthResponse,
  HealthState,
  LivenessResponse,
  ReadinessResponse,
} from '@hostdeck/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { MonitoringService } from '../monitoring/monitoring.service';
import { ProxmoxClient } from '../proxmox/proxmox-client';
import { LifecycleState } from './lifecycle-state';

const VERSION = '0.1.0';
/** Load balancers probe often; Proxmox is asked at most this often. */
const PROXMOX_CHECK_TTL_MS = 5000;

type Check = { status: HealthState; message?: string };

@Injectable()
export class HealthService {
  private proxmoxCheck: { at: number; result: Promise<Check> } | undefined;
  /** Migrations never become pending again while the process runs: once done, stop asking. */
  private areMigrationsDone = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly proxmox: ProxmoxClient,
    private readonly monitoring: MonitoringService,
    private readonly lifecycle: LifecycleState,
  ) {}

  /** The process is up: nothing is checked, so a slow database never gets it restarted. */
  live(): LivenessResponse {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** May this instance take traffic: database reachable, migrations done, not draining. */
  async ready(): Promise<ReadinessResponse> {
    const database = (await this.checkDatabase()).status;
    const migrations = database === 'up' ? await this.checkMigrations() : 'unknown';
    const lifecycle = this.lifecycle.isDraining ? 'draining' : 'serving';
    const isReady = database === 'up' && migrations === 'done' && lifecycle === 'serving';
    return { status: isReady ? 'ready' : 'not-ready', checks: { database, migrations, lifecycle } };
  }

  /**
   * The database decides liveness (503 without it). A Proxmox outage degrades the panel but does
   * not take it out of a load balancer: users can still log in, pay and open tickets.
   */
  async check(): Promise<HealthResponse> {
    const [database, proxmox] = await Promise.all([this.checkDatabase(), this.checkProxmox()]);
    const status =
      database.status === 'down' ? 'error' : proxmox.status === 'down' ? 'degraded' : 'ok';
    const sweep = this.monitoring.lastSweep;
    return {
      status,
      checks: { database, proxmox },
      version: VERSION,
      uptimeSeconds: Math.round(process.uptime()),
      lastSweep: sweep
        ? {
            at: sweep.at,
            durationMs: sweep.durationMs,
            serversSwept: sweep.serversSwept,
            error: sweep.error,
          }
        : null,
    };
  }

  private async checkDatabase(): Promise<Check> {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'up' };
    } catch {
      return { status: 'down', message: 'database unreachable' };
    }
  }

  private async checkMigrations(): Promise<ReadinessResponse['checks']['migrations']> {
    if (this.areMigrationsDone) return 'done';
    try {
      this.areMigrationsDone = !(await this.dataSource.showMigrations());
      return this.areMigrationsDone ? 'done' : 'pending';
    } catch {
      return 'unknown';
    }
  }

  private checkProxmox(): Promise<Check> {
    const now = Date.now();
    if (!this.proxmoxCheck || now - this.proxmoxCheck.at > PROXMOX_CHECK_TTL_MS) {
      const result = this.proxmox
        .listNodes()
        .then((nodes): Check => {
          const online = nodes.filter((node) => node.isOnline).length;
          return online > 0
            ? { status: 'up', message: `${online}/${nodes.length} nodes online` }
            : { status: 'down', message: 'no node online' };
        })
        .catch((): Check => ({ status: 'down', message: 'Proxmox unreachable' }));
      this.proxmoxCheck = { at: now, result };
    }
    return this.proxmoxCheck.result;
  }
}
