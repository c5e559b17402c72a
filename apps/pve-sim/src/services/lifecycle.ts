import { PveError } from '../core/pve-error';
import { hash32 } from '../core/random';
import type { SimContext } from '../sim-context';
import { parseNet, printNet } from '../state/container-config';
import type { ContainerRecord, CtConfig } from '../state/types';

/** `CT is locked (snapshot)`: pve-guest-common's check_lock (no vmid in the text). */
export function checkLock(ct: ContainerRecord, ignore: string[] = []): void {
  const lock = ct.config['lock'];
  if (lock !== undefined && !ignore.includes(String(lock))) {
    throw PveError.fail(`CT is locked (${lock})`);
  }
}

export function checkDigest(
  ct: ContainerRecord,
  digest: string | undefined,
  current: string,
): void {
  if (digest !== undefined && digest !== current) {
    throw PveError.fail('detected modified configuration - file changed by other user? Try again.');
  }
}

/** A MAC address in Proxmox's OUI (BC:24:11), reproducible for a seed. */
export function generateMac(sim: SimContext, vmid: number, key: string): string {
  const value = hash32(sim.options.seed, 'mac', vmid, key);
  const bytes = [value >>> 16, value >>> 8, value].map((byte) =>
    (byte & 0xff).toString(16).toUpperCase().padStart(2, '0'),
  );
  return `BC:24:11:${bytes.join(':')}`;
}

/** Completes a `net[n]` value the way pve-container stores it (hwaddr, type=veth). */
export function normalizeNet(sim: SimContext, vmid: number, key: string, value: string): string {
  const net = parseNet(value);
  net['hwaddr'] ??= generateMac(sim, vmid, key);
  net['type'] ??= 'veth';
  return printNet(net);
}

/** Gives every `ip=dhcp` net a pool address and drops leases of nets that no longer need one. */
export function syncLeases(sim: SimContext, ct: ContainerRecord): void {
  for (const key of Object.keys(ct.leases)) {
    const value = ct.config[key];
    if (typeof value !== 'string' || parseNet(value)['ip'] !== 'dhcp') delete ct.leases[key];
  }
  for (const [key, value] of Object.entries(ct.config)) {
    if (!/^net\d+$/.test(key) || typeof value !== 'string') continue;
    if (parseNet(value)['ip'] !== 'dhcp' || ct.leases[key]) continue;
    const address = sim.ipPool.allocate(sim.state.leasedAddresses());
    if (!address) throw new Error(`no free IPv4 address left in pool ${sim.options.ipPool.cidr}`);
    ct.leases[key] = address;
  }
}

/** The IPv4 addresses (with prefix) of a container's nets: pool leases or static `ip=`. */
export function containerAddresses(sim: SimContext, ct: ContainerRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(ct.config)) {
    if (!/^net\d+$/.test(key) || typeof value !== 'string') continue;
    const ip = parseNet(value)['ip'];
    if (ip === 'dhcp' && ct.leases[key]) out[key] = sim.ipPool.withPrefix(ct.leases[key]);
    else if (ip && ip.includes('/')) out[key] = ip;
  }
  return out;
}

/** The config with pending changes applied (what GET config shows by default). */
export function pendingView(ct: ContainerRecord): CtConfig {
  const view: CtConfig = { ...ct.config, ...ct.pending };
  for (const key of ct.pendingDelete) delete view[key];
  return view;
}

function applyPending(sim: SimContext, ct: ContainerRecord): void {
  if (Object.keys(ct.pending).length === 0 && ct.pendingDelete.length === 0) return;
  ct.config = pendingView(ct);
  ct.pending = {};
  ct.pendingDelete = [];
  syncLeases(sim, ct);
}

export function markRunning(sim: SimContext, ct: ContainerRecord): void {
  const now = sim.clock.now();
  applyPending(sim, ct);
  ct.status = 'running';
  ct.frozen = false;
  ct.startedAt = now;
  ct.pid = 2000 + (hash32(sim.options.seed, 'ct-pid', ct.vmid, now) % 900_000);
  ct.counters = { at: now, netin: 0, netout: 0, diskread: 0, diskwrite: 0 };
  ct.runs.push({ start: Math.floor(now / 1000) });
  if (ct.runs.length > 200) ct.runs.splice(0, ct.runs.length - 200);
}

export function markStopped(sim: SimContext, ct: ContainerRecord): void {
  const run = ct.runs[ct.runs.length - 1];
  if (run && run.end === undefined) run.end = sim.clock.nowSeconds();
  ct.status = 'stopped';
  ct.frozen = false;
  ct.startedAt = undefined;
  ct.pid = undefined;
}

/** Fixes the counters at their current value (before the load pin changes the rates). */
export function checkpointCounters(sim: SimContext, ct: ContainerRecord): void {
  if (ct.status !== 'running') return;
  const now = sim.clock.now();
  ct.counters = { at: now, ...sim.load.counters(ct, now) };
}
