import { utils as sshUtils } from 'ssh2';

import { configPrivilege, requirePrivilege } from '../auth/permissions';
import { PveError, errorMessage } from '../core/pve-error';
import { hashPassword, looksLikeCryptHash } from '../core/sha512-crypt';
import { formatDiskSize, GIB, MIB } from '../core/sizes';
import type { Caller, SimContext } from '../sim-context';
import { HOST_MEMORY_RESERVED } from '../state/cluster-state';
import {
  configDigest,
  mountPointSize,
  parseAllocation,
  parseMountPoint,
  printMountPoint,
  sortedConfig,
  toConfigValue,
  withMountPointSize,
  isHotpluggable,
} from '../state/container-config';
import { ostypeForTemplate } from '../state/templates';
import type { ContainerRecord, CtConfig } from '../state/types';
import { InjectedTaskFailure, TaskContext } from '../tasks/task-manager';
import { checkDigest, checkLock, normalizeNet, pendingView, syncLeases } from './lifecycle';
import { boolParam, listParam, Params, requireInt } from './params';
import { startContainerTask, stopContainerNow } from './power';

/** Create parameters that are not config options. */
const CREATE_ONLY = new Set([
  'node',
  'vmid',
  'ostemplate',
  'password',
  'ssh-public-keys',
  'start',
  'storage',
  'restore',
  'force',
  'unique',
  'ignore-unpack-errors',
  'bwlimit',
  'pool',
  'ha-managed',
  'lock',
  'unprivileged',
  'rootfs',
]);

/** Feature flags other than nesting are root@pam only, which a token never is. */
function checkFeatures(caller: Caller, features: string | undefined, previous?: string): void {
  if (features === undefined || features === previous) return;
  const flags = features.split(',').filter(Boolean);
  const isOnlyNesting = flags.every((flag) => /^nesting=/.test(flag));
  if (!isOnlyNesting && caller.authid !== 'root@pam') {
    throw new PveError(403, 'changing feature flags (except nesting) is only allowed for root@pam');
  }
}

function checkSshKeys(keys: string): void {
  keys.split('\n').forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const parsed = sshUtils.parseKey(trimmed);
    if (parsed instanceof Error || Array.isArray(parsed)) {
      throw PveError.fail(`Invalid SSH public key on line ${index + 1}: ${trimmed.slice(0, 40)}`);
    }
  });
}

interface Allocation {
  key: string;
  storage: string;
  bytes: number;
  volume: string;
}

/** `rootfs`/`mp[n]` values on create: new volumes as STORAGE:SIZE_IN_GiB. */
function planAllocation(
  sim: SimContext,
  vmid: number,
  key: string,
  value: string,
  diskIndex: number,
): Allocation {
  const parsed = parseMountPoint(value);
  const allocation = parseAllocation(parsed['volume'] ?? '');
  if (!allocation) {
    throw PveError.fail(
      `unable to use volume '${parsed['volume']}' for ${key}: pve-sim only allocates new volumes (STORAGE:SIZE_IN_GiB)`,
    );
  }
  const storage = sim.state.requireStorage(allocation.storage);
  if (!storage.content.includes('rootdir')) {
    throw PveError.fail(`storage '${storage.id}' does not support container directories`);
  }
  if (allocation.bytes <= 0) throw PveError.fail(`invalid size for ${key}: must be positive`);
  const volume = `${storage.id}:vm-${vmid}-disk-${diskIndex}`;
  parsed['volume'] = volume;
  parsed['size'] = formatDiskSize(allocation.bytes);
  return { key, storage: storage.id, bytes: allocation.bytes, volume: printMountPoint(parsed) };
}

/** POST /nodes/{node}/lxc. Pre-fork checks throw; the rest happens in the vzcreate task. */
export function createContainer(sim: SimContext, caller: Caller, params: Params): string {
  const node = sim.state.requireNode(params['node']);
  const vmid = requireInt(params, 'vmid');
  const existing = sim.state.containers.get(vmid);
  if (existing) throw PveError.fail(`CT ${vmid} already exists on node '${existing.node}'`);
  if (params['pool'] !== undefined) throw PveError.fail(`pool '${params['pool']}' does not exist`);
  if (params['unprivileged'] !== undefined && !boolParam(params, 'unprivileged')) {
    requirePrivilege(caller, '/', 'Sys.Modify');
  }
  checkFeatures(caller, params['features']);

  const ostemplate = params['ostemplate'];
  const colon = ostemplate.indexOf(':');
  if (colon < 1) throw PveError.fail(`unable to parse volume ID '${ostemplate}'`);
  sim.state.requireStorage(ostemplate.slice(0, colon));
  const template = (sim.state.templates.get(node.name) ?? []).find((t) => t.volid === ostemplate);
  if (!template || boolParam(params, 'restore')) {
    throw PveError.fail(`can't find file '${ostemplate}'`);
  }
  if (params['ssh-public-keys']) checkSshKeys(params['ssh-public-keys']);

  const allocations: Allocation[] = [
    planAllocation(sim, vmid, 'rootfs', params['rootfs'] ?? `${params['storage'] ?? 'local'}:4`, 0),
  ];
  Object.keys(params)
    .filter((key) => /^mp\d+$/.test(key))
    .sort()
    .forEach((key, index) =>
      allocations.push(planAllocation(sim, vmid, key, params[key], index + 1)),
    );

  const config: CtConfig = {
    arch: params['arch'] ?? 'amd64',
    ostype: params['ostype'] ?? ostypeForTemplate(ostemplate),
    memory: 512,
    swap: 512,
    unprivileged:
      params['unprivileged'] === undefined ? 1 : boolParam(params, 'unprivileged') ? 1 : 0,
  };
  for (const [key, raw] of Object.entries(params)) {
    if (CREATE_ONLY.has(key) || /^mp\d+$/.test(key)) continue;
    config[key] = /^net\d+$/.test(key)
      ? normalizeNet(sim, vmid, key, raw)
      : toConfigValue(key, raw);
  }
  for (const allocation of allocations) config[allocation.key] = allocation.volume;
  config['lock'] = 'create';

  const password = params['password'];
  const ct: ContainerRecord = {
    vmid,
    node: node.name,
    config,
    pending: {},
    pendingDelete: [],
    snapshots: [],
    status: 'stopped',
    frozen: false,
    runs: [],
    createdAt: sim.clock.nowSeconds(),
    ostemplate,
    rootPasswordHash:
      password === undefined
        ? undefined
        : looksLikeCryptHash(password)
          ? password
          : hashPassword(password),
    sshPublicKeys: params['ssh-public-keys'],
    leases: {},
    counters: { at: sim.clock.now(), netin: 0, netout: 0, diskread: 0, diskwrite: 0 },
  };
  sim.state.containers.set(vmid, ct);
  sim.persist();
  const shouldStart = boolParam(params, 'start');

  return sim.tasks.start({
    node: node.name,
    type: 'vzcreate',
    id: String(vmid),
    user: caller.authid,
    worker: async (task) => {
      try {
        await runCreate(sim, ct, allocations, template.volid, task);
      } catch (error) {
        sim.state.containers.delete(vmid);
        sim.persist();
        if (error instanceof InjectedTaskFailure) throw error;
        throw new Error(`unable to create CT ${vmid} - ${errorMessage(error)}`);
      }
      if (shouldStart) {
        const startUpid = startContainerTask(sim, caller, ct);
        await task.waitFor(sim.tasks.waitFor(startUpid));
      }
    },
  });
}

async function runCreate(
  sim: SimContext,
  ct: ContainerRecord,
  allocations: Allocation[],
  templateVolid: string,
  task: TaskContext,
): Promise<void> {
  const node = sim.state.requireNode(ct.node);
  await task.sleep(800);
  for (const allocation of allocations) {
    const storage = sim.state.requireStorage(allocation.storage);
    const total = sim.state.storageTotal(node, storage);
    const used = sim.state.storageUsed(node, storage);
    const volumeName = allocation.volume.split(',')[0].split(':')[1];
    if (used > total) {
      const extents = (bytes: number) => Math.floor(bytes / (4 * MIB));
      const free = Math.max(0, total - (used - allocation.bytes));
      throw new Error(
        `lvcreate 'pve/${volumeName}' error:   Volume group "pve" has insufficient free space (${extents(free)} extents): ${extents(allocation.bytes)} required.`,
      );
    }
    task.log(`  Logical volume "${volumeName}" created.`);
  }
  const committed = sim.state.memoryCommitted(ct.node) + HOST_MEMORY_RESERVED;
  if (committed > node.memoryBytes) {
    const requested = Number(ct.config['memory']);
    const free = Math.max(0, node.memoryBytes - (committed - requested * MIB));
    throw new Error(
      `not enough memory on node '${ct.node}' (requested ${requested} MiB, ${Math.floor(free / MIB)} MiB unassigned)`,
    );
  }
  const rootBytes = mountPointSize(ct.config['rootfs']);
  task.log(
    `Creating filesystem with ${rootBytes / 4096} 4k blocks and ${Math.floor(rootBytes / 16384)} inodes`,
  );
  task.log('Filesystem UUID: 1b5e7c0a-6d2f-4b4a-9c39-2f0d8a6e4b71');
  await task.sleep(1500);
  task.log(`extracting archive '/var/lib/vz/template/cache/${templateVolid.replace(/^.*\//, '')}'`);
  await task.sleep(6000);
  task.log(`Total bytes read: ${Math.round(0.5 * GIB)} (512MiB, 231MiB/s)`);
  task.log(`Detected container architecture: ${ct.config['arch']}`);
  syncLeases(sim, ct);
  if (ct.sshPublicKeys)
    task.log("Creating SSH host key 'ssh_host_ed25519_key' - this may take some time ...");
  await task.sleep(1200);
  delete ct.config['lock'];
  sim.persist();
}

/** DELETE /nodes/{node}/lxc/{vmid}. */
export function destroyContainer(sim: SimContext, caller: Caller, params: Params): string {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  checkLock(ct);
  if (Number(ct.config['protection'] ?? 0) === 1) {
    throw PveError.fail(`can't remove CT ${ct.vmid} - protection mode enabled`);
  }
  const isForced = boolParam(params, 'force');
  if (ct.status === 'running' && !isForced) {
    throw PveError.fail(`unable to destroy CT ${ct.vmid} - container is running`);
  }
  const isPurge = boolParam(params, 'purge');
  return sim.tasks.start({
    node: ct.node,
    type: 'vzdestroy',
    id: String(ct.vmid),
    user: caller.authid,
    worker: async (task) => {
      await task.sleep(600);
      checkLock(ct);
      if (ct.status === 'running') {
        stopContainerNow(sim, ct);
        task.log(`stopped CT ${ct.vmid} (force)`);
      }
      for (const volume of sim.state
        .volumes(ct.node, 'local-lvm')
        .filter((v) => v.vmid === ct.vmid)) {
        task.log(`  Logical volume "${volume.volid.split(':')[1]}" successfully removed.`);
      }
      await task.sleep(900);
      if (isPurge) task.log(`purging CT ${ct.vmid} from related configurations..`);
      sim.state.containers.delete(ct.vmid);
      sim.load.unpin(ct.vmid);
      sim.persist();
    },
  });
}

/** GET .../config: pending values applied unless `current=1`; `snapshot=` shows a snapshot. */
export function readConfig(sim: SimContext, params: Params): CtConfig {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  const digest = configDigest(ct.config);
  if (params['snapshot'] !== undefined) {
    const snapshot = ct.snapshots.find((snap) => snap.name === params['snapshot']);
    if (!snapshot) throw PveError.fail(`snapshot '${params['snapshot']}' does not exist`);
    return sortedConfig({
      ...snapshot.config,
      ...(snapshot.parent ? { parent: snapshot.parent } : {}),
      ...(snapshot.description ? { description: snapshot.description } : {}),
      snaptime: snapshot.snaptime,
      digest,
    });
  }
  const base = boolParam(params, 'current') ? ct.config : pendingView(ct);
  return sortedConfig({ ...base, digest });
}

/** GET .../pending. */
export function readPending(
  sim: SimContext,
  params: Params,
): { key: string; value?: string; pending?: string; delete?: number }[] {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  const keys = new Set([
    ...Object.keys(ct.config),
    ...Object.keys(ct.pending),
    ...ct.pendingDelete,
  ]);
  return [...keys].sort().map((key) => ({
    key,
    ...(ct.config[key] !== undefined ? { value: String(ct.config[key]) } : {}),
    ...(ct.pending[key] !== undefined ? { pending: String(ct.pending[key]) } : {}),
    ...(ct.pendingDelete.includes(key) ? { delete: 1 } : {}),
  }));
}

const NOT_OPTIONS = new Set(['node', 'vmid', 'digest', 'delete', 'revert']);

/** PUT .../config: synchronous; hot-plugged on a running CT where PVE allows it. */
export function updateConfig(sim: SimContext, caller: Caller, params: Params): null {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  checkDigest(ct, params['digest'], configDigest(ct.config));
  const options = Object.keys(params).filter((key) => !NOT_OPTIONS.has(key));
  const deletes = listParam(params, 'delete');
  const reverts = listParam(params, 'revert');
  for (const key of [...options, ...deletes, ...reverts]) {
    requirePrivilege(caller, `/vms/${ct.vmid}`, configPrivilege(key));
  }
  if (!deletes.includes('lock') && params['lock'] === undefined) checkLock(ct);
  checkFeatures(caller, params['features'], String(ct.config['features'] ?? ''));
  const errors: Record<string, string> = {};
  for (const key of options) {
    if (
      key === 'unprivileged' &&
      Number(ct.config['unprivileged'] ?? 0) !== toConfigValue(key, params[key])
    ) {
      errors[key] = "unable to modify read-only option: 'unprivileged'";
    }
    if (/^(rootfs|mp\d+)$/.test(key) && ct.config[key] !== undefined) {
      const current = parseMountPoint(String(ct.config[key]))['volume'];
      if (parseMountPoint(params[key])['volume'] !== current) {
        errors[key] = 'changing the volume is not supported by pve-sim; use resize';
      }
    }
  }
  for (const key of deletes) {
    if (key === 'rootfs') errors['delete'] = "unable to delete required option 'rootfs'";
  }
  if (Object.keys(errors).length > 0) throw PveError.param(errors);

  const isRunning = ct.status === 'running';
  for (const key of options) {
    const raw = params[key];
    let value = /^net\d+$/.test(key)
      ? normalizeNet(sim, ct.vmid, key, raw)
      : toConfigValue(key, raw);
    if (/^(rootfs|mp\d+)$/.test(key) && ct.config[key] !== undefined) {
      // Keep the real size; `size=` in a PUT is informational.
      value = withMountPointSize(String(value), mountPointSize(ct.config[key]));
    }
    if (isRunning && !isHotpluggable(key)) {
      ct.pending[key] = value;
      ct.pendingDelete = ct.pendingDelete.filter((entry) => entry !== key);
    } else {
      ct.config[key] = value;
      delete ct.pending[key];
    }
  }
  for (const key of deletes) {
    if (isRunning && !isHotpluggable(key)) {
      if (!ct.pendingDelete.includes(key)) ct.pendingDelete.push(key);
    } else {
      delete ct.config[key];
      delete ct.pending[key];
    }
  }
  for (const key of reverts) {
    delete ct.pending[key];
    ct.pendingDelete = ct.pendingDelete.filter((entry) => entry !== key);
  }
  try {
    syncLeases(sim, ct);
  } catch (error) {
    throw PveError.fail(errorMessage(error));
  }
  sim.persist();
  return null;
}

export function nextFreeVmid(sim: SimContext): number {
  let vmid = 100;
  while (sim.state.containers.has(vmid)) vmid++;
  return vmid;
}
