import { ChildProcess, fork } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, Socket as TcpSocket } from 'node:net';
import { join } from 'node:path';

import type { LoginResponse, ServerStatsEvent } from '@hostdeck/contracts';
import type { Server } from 'socket.io';
import { DataSource } from 'typeorm';

import { MonitoringService } from '../src/modules/monitoring/monitoring.service';
import { ProxmoxClient } from '../src/modules/proxmox/proxmox-client';
import { ProxmoxHttpClient } from '../src/modules/proxmox/proxmox-http.client';
import { EventsGateway, serverRoom } from '../src/modules/realtime/events.gateway';
import { StatsFrame, webSocketMessageFrame } from '../src/modules/realtime/stats-frames';
import { http, startTestApp, TestApp } from '../src/testing/test-app';
import { median, percentile, round, writeReport } from './report';

/**
 * `npm run bench:monitoring`: the sweep over 1,000 and 10,000 containers on a 3-node simulator,
 * and server-stats delivery to 1,000 and 5,000 subscribed sockets held by a separate process.
 * A report, not a test: it never fails on a number.
 */
const SIZES = (process.env['BENCH_SIZES'] ?? '1000,10000').split(',').map(Number);
const SOCKET_COUNTS = (process.env['BENCH_SOCKETS'] ?? '1000,5000').split(',').map(Number);
const SWEEPS = 3;
/** Counted delivery rounds per method: enough arrivals for a p99 that holds still between runs. */
const DELIVERY_ROUNDS = Number(process.env['BENCH_DELIVERY_ROUNDS'] ?? 8);
/** BENCH_PROFILE=<dir>: a CPU profile of the timed sweeps only (tools/cpuprofile-top.mjs reads it). */
const PROFILE_DIR = process.env['BENCH_PROFILE'];

interface SweepResult {
  containers: number;
  sweepWallMs: number;
  sweepCpuMs: number;
  proxmoxRequestsPerSweep: number;
  databaseStatementsPerSweep: number;
  rssMb: number;
}

interface DeliveryResult {
  containers: number;
  sockets: number;
  connected: number;
  deliveryP50Ms: number;
  /** The p99 of each sweep's arrivals, median over the sweeps (one hiccup of the VM moves no figure). */
  deliveryP99Ms: number;
  /** The p99 of the slowest sweep. */
  worstSweepP99Ms: number;
  deliveryMaxMs: number;
  /** How long the gateway's synchronous hand-off to every socket took (median). */
  emitLoopMs: number;
  /** The issue's baseline: the same sweeps delivered with a plain `io.to(room).emit` per server. */
  roomEmitP99Ms: number;
  /** The floor: the same number of same-sized writes from a bare TCP server to bare clients. */
  rawTcpP99Ms: number;
  /** RSS growth of the API process per connected and subscribed socket. */
  kbPerSocket: number;
}

/** Runs `work` under the V8 profiler when BENCH_PROFILE is set, writing `<name>.cpuprofile`. */
async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

const PRE_HASHED_PASSWORD = `$6$benchsalt$${'a'.repeat(86)}`;

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const gc = (globalThis as { gc?: () => void }).gc;

async function seedContainers(t: TestApp, containers: number, ownerId: number): Promise<void> {
  const proxmox = t.app.get(ProxmoxClient) as ProxmoxHttpClient;
  const nodes = ['pve1', 'pve2', 'pve3'];
  const made: { node: string; vmid: number }[] = [];
  let next = 1000;
  while (made.length < containers) {
    const batch = Math.min(50, containers - made.length);
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
          // Pre-hashed, as Proxmox also accepts: hashing 10,000 passwords would dominate the set-up.
          rootPassword: PRE_HASHED_PASSWORD,
          start: true,
        });
        await proxmox.waitForTask(task);
        made.push({ node, vmid });
      }),
    );
  }
  const dataSource = t.app.get(DataSource);
  for (let i = 0; i < made.length; i += 500) {
    const part = made.slice(i, i + 500);
    await dataSource.query(
      `INSERT INTO servers (ownerId, tariffId, osId, hostname, node, vmid, status, cores, memoryMb, diskGb, priceMonthlyMinor) VALUES ${part.map(() => `(?, 1, 1, ?, ?, ?, 'running', 1, 256, 1, 500)`).join(', ')}`,
      part.flatMap((container) => [ownerId, `b${container.vmid}`, container.node, container.vmid]),
    );
  }
}

async function measureSweeps(t: TestApp, containers: number): Promise<SweepResult> {
  const proxmox = t.app.get(ProxmoxClient) as ProxmoxHttpClient;
  const monitoring = t.app.get(MonitoringService);
  await monitoring.sweepNow(); // warm-up: JIT and caches, as in a long-running panel
  const requests: string[] = [];
  const stop = proxmox.observe((exchange) => requests.push(exchange.path));
  const walls: number[] = [];
  const cpus: number[] = [];
  let statements = NaN;
  await profiled(`sweep-${containers}`, async () => {
    for (let run = 0; run < SWEEPS; run++) {
      requests.length = 0;
      const cpuBefore = process.cpuUsage();
      const started = nowMs();
      const report = await monitoring.sweepNow();
      walls.push(nowMs() - started);
      const cpu = process.cpuUsage(cpuBefore);
      cpus.push((cpu.user + cpu.system) / 1000);
      statements = report?.databaseStatements ?? NaN;
      if (report?.error) throw new Error(`sweep failed: ${report.error}`);
    }
  });
  stop();
  return {
    containers,
    sweepWallMs: round(median(walls)),
    sweepCpuMs: round(median(cpus)),
    proxmoxRequestsPerSweep: requests.length,
    databaseStatementsPerSweep: statements,
    rssMb: round(process.memoryUsage().rss / 1024 ** 2),
  };
}

function ask<T extends { type: string }>(child: ChildProcess, message: object, reply: string) {
  return new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`socket swarm exited with ${code}`));
    };
    const onMessage = (answer: T) => {
      if (answer.type !== reply) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(answer);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message);
  });
}

/** A typical stats payload, for sizing the baseline's writes like the real frames. */
const sampleStats: ServerStatsEvent = {
  serverId: 1,
  cpu: 3.2156789,
  memUsedBytes: 201_326_592,
  memTotalBytes: 268_435_456,
  diskUsedBytes: 734_003_200,
  diskTotalBytes: 1_073_741_824,
  netInBytes: 123_456_789,
  netOutBytes: 98_765_432,
  uptimeSeconds: 86_400,
  at: new Date().toISOString(),
};

/**
 * Runs `deliver` DELIVERY_ROUNDS + 1 times (the first warms both sides up, uncounted) and returns
 * each counted round's arrival latencies from the time `deliver` reports as its start.
 */
async function collectRounds(
  swarm: ChildProcess,
  expected: number,
  deliver: () => Promise<number>,
): Promise<number[][]> {
  const rounds: number[][] = [];
  for (let run = 0; run < DELIVERY_ROUNDS + 1; run++) {
    const startedAt = await deliver();
    // Wait for the swarm to have received them all (or give up after 10 s).
    let times: number[] = [];
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const batch = await ask<{ type: string; times: number[] }>(
        swarm,
        { type: 'collect' },
        'arrivals',
      );
      times = times.concat(batch.times);
      if (times.length >= expected) break;
    }
    if (run > 0) rounds.push(times.map((time) => time - startedAt));
  }
  return rounds;
}

/** Each round's p99, median over the rounds. */
const sweepP99 = (rounds: number[][]) => median(rounds.map((times) => percentile(times, 99)));

/**
 * The floor under any delivery on this machine: one write of `frameBytes` to each of `sockets`
 * bare TCP connections held by a swarm process, with no WebSocket, Socket.IO or panel code.
 */
async function measureRawTcp(sockets: number, frameBytes: number): Promise<number[][]> {
  const accepted: TcpSocket[] = [];
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    accepted.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const swarm = fork(join(__dirname, 'socket-swarm.mjs'), [], { stdio: 'inherit' });
  try {
    const port = (server.address() as { port: number }).port;
    const connected = await ask<{ type: string; count: number }>(
      swarm,
      { type: 'connect-raw', port, count: sockets },
      'connected',
    );
    const frame = Buffer.alloc(frameBytes, 0x61);
    return await collectRounds(swarm, connected.count, async () => {
      const startedAt = nowMs();
      for (const socket of accepted) socket.write(frame);
      return startedAt;
    });
  } finally {
    swarm.send({ type: 'close' });
    await new Promise((resolve) => swarm.once('exit', resolve));
    for (const socket of accepted) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function measureDelivery(
  t: TestApp,
  containers: number,
  sockets: number,
  token: string,
): Promise<DeliveryResult> {
  const dataSource = t.app.get(DataSource);
  const serverIds: number[] = (
    await dataSource.query('SELECT id FROM servers ORDER BY id LIMIT ?', [sockets])
  ).map((row: { id: number }) => Number(row.id));
  const swarm = fork(join(__dirname, 'socket-swarm.mjs'), [], { stdio: 'inherit' });
  try {
    gc?.();
    const rssBefore = process.memoryUsage().rss;
    const connected = await ask<{ type: string; count: number }>(
      swarm,
      { type: 'connect', url: t.baseUrl, token, serverIds },
      'connected',
    );
    gc?.();
    const kbPerSocket = (process.memoryUsage().rss - rssBefore) / 1024 / connected.count;

    // The clock starts when the sweep hands its stats to the gateway.
    let publishedAt = 0;
    let plainRoomEmit = false;
    const emitLoops: number[] = [];
    const gateway = t.app.get(EventsGateway);
    const io = (gateway as unknown as { server: Server }).server;
    const publish = gateway.publishStats.bind(gateway);
    gateway.publishStats = (batch: ServerStatsEvent[]) => {
      publishedAt = nowMs();
      if (plainRoomEmit)
        for (const stats of batch) io.to(serverRoom(stats.serverId)).emit('server-stats', stats);
      else publish(batch);
      if (!plainRoomEmit) emitLoops.push(nowMs() - publishedAt);
    };
    const monitoring = t.app.get(MonitoringService);
    const sweepRounds = () =>
      collectRounds(swarm, connected.count, async () => {
        await monitoring.sweepNow();
        return publishedAt;
      });
    let latencies: number[][] = [];
    let roomEmit: number[][] = [];
    try {
      latencies = await profiled(`delivery-${sockets}`, sweepRounds);
      plainRoomEmit = true;
      roomEmit = await sweepRounds();
    } finally {
      gateway.publishStats = publish;
    }
    const frameBytes = webSocketMessageFrame(
      new StatsFrame({ ...sampleStats, serverId: serverIds[0] }).packet,
    ).length;
    const raw = await measureRawTcp(connected.count, frameBytes);
    return {
      containers,
      sockets,
      connected: connected.count,
      deliveryP50Ms: round(percentile(latencies.flat(), 50), 1),
      deliveryP99Ms: round(sweepP99(latencies), 1),
      worstSweepP99Ms: round(Math.max(...latencies.map((times) => percentile(times, 99))), 1),
      deliveryMaxMs: round(Math.max(...latencies.flat()), 1),
      emitLoopMs: round(median(emitLoops.slice(1)), 1),
      roomEmitP99Ms: round(sweepP99(roomEmit), 1),
      rawTcpP99Ms: round(sweepP99(raw), 1),
      kbPerSocket: round(kbPerSocket, 1),
    };
  } finally {
    swarm.send({ type: 'close' });
    await new Promise((resolve) => swarm.once('exit', resolve));
  }
}

it('reports the monitoring sweep and real-time delivery', async () => {
  const sweeps: SweepResult[] = [];
  const deliveries: DeliveryResult[] = [];
  for (const containers of SIZES) {
    const t = await startTestApp('sqlite', {
      PVE_SIM_NODES: 'pve1,pve2,pve3',
      PVE_SIM_NODE_MEMORY_GB: '8192',
      PVE_SIM_NODE_DISK_GB: '50000',
      PVE_SIM_IP_POOL: '10.0.0.0/8',
      PVE_SIM_TASK_SCALE: '0',
      // Rewriting a 10,000-container state file after every create would dominate the set-up.
      PVE_SIM_STATE_FILE: '',
      MONITORING_INTERVAL_SECONDS: '3600',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    });
    try {
      const account = { email: 'bench@example.com', password: 'a-good-password' };
      await http(t.baseUrl, 'POST', '/api/auth/register', { body: account });
      const login = await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', {
        body: account,
      });
      await seedContainers(t, containers, login.body.user.id);
      sweeps.push(await measureSweeps(t, containers));
      for (const sockets of SOCKET_COUNTS.filter((count) => count <= containers))
        deliveries.push(await measureDelivery(t, containers, sockets, login.body.accessToken));
    } finally {
      await t.close();
    }
  }
  writeReport('monitoring', { sweeps, deliveries }, [
    '### Monitoring sweep (SQLite, 3 simulated nodes, median of 3 after a warm-up)',
    '',
    '| containers | sweep wall | sweep CPU (API process) | Proxmox requests / sweep | DB statements / sweep | RSS |',
    '|---:|---:|---:|---:|---:|---:|',
    ...sweeps.map(
      (r) =>
        `| ${r.containers} | ${r.sweepWallMs} ms | ${r.sweepCpuMs} ms | ${r.proxmoxRequestsPerSweep} | ${r.databaseStatementsPerSweep} | ${r.rssMb} MB |`,
    ),
    '',
    `### server-stats delivery (sockets in a separate process, one server each; from hand-off to arrival; p99 of each sweep, median of ${DELIVERY_ROUNDS} sweeps)`,
    '',
    '| containers | sockets | p50 | p99 | worst sweep p99 | max | emit loop | plain room emit p99 | raw TCP p99 (floor) | p99 / raw | API memory per socket |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...deliveries.map(
      (r) =>
        `| ${r.containers} | ${r.connected}/${r.sockets} | ${r.deliveryP50Ms} ms | ${r.deliveryP99Ms} ms | ${r.worstSweepP99Ms} ms | ${r.deliveryMaxMs} ms | ${r.emitLoopMs} ms | ${r.roomEmitP99Ms} ms | ${r.rawTcpP99Ms} ms | ${round(r.deliveryP99Ms / r.rawTcpP99Ms, 2)}× | ${r.kbPerSocket} kB |`,
    ),
  ]);
  expect(sweeps).toHaveLength(SIZES.length);
});
