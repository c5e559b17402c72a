import { Injectable, OnModuleInit } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import { ProxmoxClient } from '../proxmox/proxmox-client';
import { ProxmoxHttpClient } from '../proxmox/proxmox-http.client';
import { EventsGateway } from '../realtime/events.gateway';

/** Prometheus metrics of this instance: process, sweeps, Proxmox calls, sockets. */
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();
  readonly sweepDuration = new Histogram({
    name: 'hostdeck_sweep_duration_seconds',
    help: 'Wall time of monitoring sweeps',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly serversSwept = new Gauge({
    name: 'hostdeck_sweep_servers',
    help: 'Servers in the last sweep',
    registers: [this.registry],
  });
  readonly sweepErrors = new Counter({
    name: 'hostdeck_sweep_errors_total',
    help: 'Sweeps that failed',
    registers: [this.registry],
  });
  private readonly proxmoxRequests = new Counter({
    name: 'hostdeck_proxmox_requests_total',
    help: 'Requests to Proxmox by method and status (0 = no answer)',
    labelNames: ['method', 'status'],
    registers: [this.registry],
  });
  private readonly proxmoxLatency = new Histogram({
    name: 'hostdeck_proxmox_request_duration_seconds',
    help: 'Latency of Proxmox requests',
    labelNames: ['method'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers: [this.registry],
  });

  constructor(
    private readonly proxmox: ProxmoxClient,
    private readonly gateway: EventsGateway,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'hostdeck_' });
    const gateway$ = this.gateway;
    new Gauge({
      name: 'hostdeck_sockets_connected',
      help: 'Socket.IO clients connected to this instance',
      registers: [this.registry],
      collect() {
        this.set(gateway$.connectedSockets);
      },
    });
  }

  onModuleInit(): void {
    if (this.proxmox instanceof ProxmoxHttpClient) {
      this.proxmox.observe((exchange) => {
        this.proxmoxRequests.inc({ method: exchange.method, status: String(exchange.status) });
        this.proxmoxLatency.observe({ method: exchange.method }, exchange.durationMs / 1000);
      });
    }
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
