import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

import type {
  ClientToServerEvents,
  LoginResponse,
  ServerStatsEvent,
  ServerToClientEvents,
} from '@hostdeck/contracts';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';

import { MonitoringService, SweepReport } from '../src/modules/monitoring/monitoring.service';
import { ProxmoxClient } from '../src/modules/proxmox/proxmox-client';
import { ProxmoxHttpClient } from '../src/modules/proxmox/proxmox-http.client';
import { EventsGateway } from '../src/modules/realtime/events.gateway';
import { http, startTestApp } from '../src/testing/test-app';

/**
 * `npm run bench:monitoring`: the sweep over 1,000 and 10,000 containers on a 3-node simulator,
 * and server-stats delivery to 1,000 subscribed sockets. A report, not a test.
 */
const SIZES = (process.env['BENCH_SIZES'] ?? '1000,10000').split(',').map(Number);
const SOCKETS = Number(process.env['BENCH_SOCKETS'] ?? 1000);
const SWEEPS = 3;
/** BENCH_PROFILE=<dir>: a CPU profile of the timed sweeps only, for Chrome DevTools or tools/cpuprofile-top.mjs. */
const PROFILE_DIR = process.env['BENCH_PROFILE'];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
    : NaN;
};
const median = (values: number[]) => percentile(values, 50);

interface SizeResult {
  containers: number;
  sweepWallMs: number;
  sweepCpuMs: number;
  proxmoxRequestsPerSweep: number;
  databaseStatementsPerSweep: number;
  sockets: number;
  deliveryP50Ms: number;
  deliveryP99Ms: number;
  rssMb: number;
}

async function measure(containers: number): Promise<SizeResult> {
  const t = await startTestApp('sqlite', {
    PVE_SIM_NODES: 'pve1,pve2,pve3',
    PVE_SIM_NODE_MEMORY_GB: '8192',
    PVE_SIM_NODE_DISK_GB: '50000',
    PVE_SIM_IP_POOL: '10.0.0.0/8',
    PVE_SIM_TASK_SCALE: '0',
    MONITORING_INTERVAL_SECONDS: '3600',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
  });
  const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
  try {
    const proxmox = t.app.get(ProxmoxClient) as ProxmoxHttpClient;
    const nodes = ['pve1', 'pve2', 'pve3'];
    const made: { node: string; vmid: number }[] = [];
    let next = 1000;
    while (made.length < containers) {
      const batch = Math.min(100, containers - made.length);
      await Promise.all(
        Array.from({ length: batch }, async () => {
          const vmid = next++;
          const node = nodes[vmid % 3];
          const task = await proxmox.createContainer({
            node,
            vmid,
            hostname: `b${vmid}`,
            templateVolid: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
            cores: 1,
            memoryMb: 256,
            diskGb: 1,
            rootPassword: 'bench-password',
            start: true,
          });
          await proxmox.waitForTask(task);
          made.push({ node, vmid });
        }),
      );
    }
    await http(t.baseUrl, 'POST', '/api/auth/register', {
      body: { email: 'bench@example.com', password: 'a-good-password' },
    });
    const login = await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', {
      body: { email: 'bench@example.com', password: 'a-good-password' },
    });
    const dataSource = t.app.get(DataSource);
    for (let i = 0; i < made.length; i += 500) {
      const part = made.slice(i, i + 500);
      await dataSource.query(
        `INSERT INTO servers (ownerId, tariffId, osId, hostname, node, vmid, status, cores, memoryMb, diskGb, priceMonthlyMinor) VALUES ${part.map(() => `(?, 1, 1, ?, ?, ?, 'running', 1, 256, 1, 500)`).join(', ')}`,
        part.flatMap((container) => [
          login.body.user.id,
          `b${container.vmid}`,
          container.node,
          container.vmid,
        ]),
      );
    }
    const serverIds: number[] = (
      await dataSource.query('SELECT id FROM servers ORDER BY id LIMIT ?', [SOCKETS])
    ).map((row: { id: number }) => row.id);

    // One socket per subscribed server, as 1,000 open Stats tabs would be.
    const latencies: number[] = [];
    let publishedAt = 0;
    const gateway = t.app.get(EventsGateway);
    const publish = gateway.publishStats.bind(gateway);
    gateway.publishStats = (batch: ServerStatsEvent[]) => {
      publishedAt = performance.now();
      publish(batch);
    };
    for (let i = 0; i < serverIds.length; i += 100) {
      await Promise.all(
        serverIds.slice(i, i + 100).map(async (serverId) => {
          const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(t.baseUrl, {
            transports: ['websocket'],
            auth: { token: login.body.accessToken },
            reconnection: false,
            forceNew: true,
          });
          sockets.push(socket);
          await new Promise<void>((resolve, reject) => {
            socket.once('connect', () => resolve());
            socket.once('connect_error', reject);
          });
          await new Promise((resolve) => socket.emit('subscribe-server', { serverId }, resolve));
          socket.on('server-stats', () => latencies.push(performance.now() - publishedAt));
        }),
      );
    }

    const requests: string[] = [];
    const stop = proxmox.observe((exchange) => requests.push(exchange.path));
    const monitoring = t.app.get(MonitoringService);
    const walls: number[] = [];
    const cpus: number[] = [];
    let last: SweepReport | undefined;
    const profiler = PROFILE_DIR ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    for (let run = 0; run < SWEEPS; run++) {
      requests.length = 0;
      latencies.length = 0;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      last = await monitoring.sweepNow();
      walls.push(performance.now() - started);
      const cpu = process.cpuUsage(cpuBefore);
      cpus.push((cpu.user + cpu.system) / 1000);
      const deadline = Date.now() + 10_000;
      while (latencies.length < serverIds.length && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    stop();
    if (profiler && PROFILE_DIR) {
      const { profile } = await profiler.post('Profiler.stop');
      mkdirSync(PROFILE_DIR, { recursive: true });
      writeFileSync(join(PROFILE_DIR, `sweep-${containers}.cpuprofile`), JSON.stringify(profile));
      profiler.disconnect();
    }
    return {
      containers,
      sweepWallMs: Math.round(median(walls)),
      sweepCpuMs: Math.round(median(cpus)),
      proxmoxRequestsPerSweep: requests.length,
      databaseStatementsPerSweep: last?.databaseStatements ?? NaN,
      sockets: serverIds.length,
      deliveryP50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
      deliveryP99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
      rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
    };
  } finally {
    for (const socket of sockets) socket.disconnect();
    await t.close();
  }
}

it('reports the monitoring sweep and real-time delivery', async () => {
  const results: SizeResult[] = [];
  for (const size of SIZES) results.push(await measure(size));
  const table = [
    '| containers | sweep wall (median of 3) | sweep CPU (API process) | Proxmox requests / sweep | DB statements / sweep | sockets | delivery p50 | delivery p99 | RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.containers} | ${r.sweepWallMs} ms | ${r.sweepCpuMs} ms | ${r.proxmoxRequestsPerSweep} | ${r.databaseStatementsPerSweep} | ${r.sockets} | ${r.deliveryP50Ms} ms | ${r.deliveryP99Ms} ms | ${r.rssMb} MB |`,
    ),
  ].join('\n');
  const dir = join(__dirname, '../../../bench/results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  writeFileSync(
    join(dir, `${stamp}-monitoring.json`),
    JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2),
  );
  writeFileSync(join(dir, `${stamp}-monitoring.md`), `${table}\n`);
  process.stdout.write(`\n${table}\n\n`);
  expect(results).toHaveLength(SIZES.length);
});
