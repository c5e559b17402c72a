import type { HealthResponse, HealthState } from '@hostdeck/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { MonitoringService } from '../monitoring/monitoring.service';
import { ProxmoxClient } from '../proxmox/proxmox-client';

const VERSION = '0.1.0';
/** Load balancers probe often; Proxmox is asked at most this often. */
const PROXMOX_CHECK_TTL_MS = 5000;

type Check = { status: HealthState; message?: string };

@Injectable()
export class HealthService {
  private proxmoxCheck: { at: number; result: Promise<Check> } | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly proxmox: ProxmoxClient,
    private readonly monitoring: MonitoringService,
  ) {}

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
