import { hash32 } from '../core/random';
import { MIB } from '../core/sizes';
import type { CtCapacity } from '../load/load-model';
import type { SimContext } from '../sim-context';
import { HOST_MEMORY_RESERVED, NodeRuntime } from './cluster-state';
import { mountPointSize } from './container-config';
import type { ContainerRecord } from './types';

export function ctCapacity(ct: ContainerRecord, node: NodeRuntime): CtCapacity {
  const cores = ct.config['cores'];
  return {
    maxcpu: cores === undefined ? node.cpus : Number(cores),
    maxmem: Number(ct.config['memory'] ?? 512) * MIB,
    maxdisk: mountPointSize(ct.config['rootfs']),
  };
}

export interface CtLiveStats extends CtCapacity {
  status: 'running' | 'stopped';
  uptime: number;
  cpu: number;
  mem: number;
  disk: number;
  maxswap: number;
  swap: number;
  netin: number;
  netout: number;
  diskread: number;
  diskwrite: number;
  memhost: number;
  pressurecpusome: number;
  pressurecpufull: number;
  pressureiosome: number;
  pressureiofull: number;
  pressurememorysome: number;
  pressurememoryfull: number;
}

const ROUND6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** What pvestatd would report for a container right now. */
export function ctLiveStats(sim: SimContext, ct: ContainerRecord): CtLiveStats {
  const node = sim.state.requireNode(ct.node);
  const capacity = ctCapacity(ct, node);
  const maxswap = Number(ct.config['swap'] ?? 512) * MIB;
  const base = {
    ...capacity,
    maxswap,
    status: ct.status,
  };
  if (ct.status !== 'running') {
    return {
      ...base,
      uptime: 0,
      cpu: 0,
      mem: 0,
      disk: 0,
      swap: 0,
      netin: 0,
      netout: 0,
      diskread: 0,
      diskwrite: 0,
      memhost: 0,
      pressurecpusome: 0,
      pressurecpufull: 0,
      pressureiosome: 0,
      pressureiofull: 0,
      pressurememorysome: 0,
      pressurememoryfull: 0,
    };
  }
  const now = sim.clock.now();
  const sample = sim.load.sample(ct.vmid, capacity, now / 1000);
  const counters = sim.load.counters(ct, now);
  return {
    ...base,
    uptime: Math.max(0, Math.floor((now - (ct.startedAt ?? now)) / 1000)),
    cpu: ct.frozen ? 0 : ROUND6(sample.cpu),
    mem: sample.mem,
    disk: sample.disk,
    swap: Math.round(maxswap * 0.02),
    ...counters,
    memhost: sample.memhost,
    pressurecpusome: sample.pressurecpusome,
    pressurecpufull: sample.pressurecpufull,
    pressureiosome: sample.pressureiosome,
    pressureiofull: sample.pressureiofull,
    pressurememorysome: sample.pressurememorysome,
    pressurememoryfull: sample.pressurememoryfull,
  };
}

export interface NodeLiveStats {
  cpu: number;
  maxcpu: number;
  mem: number;
  maxmem: number;
  disk: number;
  maxdisk: number;
  uptime: number;
  loadavg: [string, string, string];
}

export function nodeLiveStats(sim: SimContext, node: NodeRuntime): NodeLiveStats {
  const running = sim.state.containersOn(node.name).filter((ct) => ct.status === 'running');
  const host = 0.01 + (hash32(sim.options.seed, 'host-cpu', node.name) % 300) / 10_000;
  let cpuCores = 0;
  let mem = HOST_MEMORY_RESERVED;
  for (const ct of running) {
    const stats = ctLiveStats(sim, ct);
    cpuCores += stats.cpu * stats.maxcpu;
    mem += stats.mem;
  }
  const cpu = Math.min(1, host + cpuCores / node.cpus);
  const local = sim.state.requireStorage('local');
  const load = cpu * node.cpus;
  return {
    cpu: ROUND6(cpu),
    maxcpu: node.cpus,
    mem: Math.min(node.memoryBytes, mem),
    maxmem: node.memoryBytes,
    disk: sim.state.storageUsed(node, local),
    maxdisk: node.rootfsBytes,
    uptime: sim.state.nodeUptime(node),
    loadavg: [load.toFixed(2), (load * 0.93).toFixed(2), (load * 0.88).toFixed(2)],
  };
}
