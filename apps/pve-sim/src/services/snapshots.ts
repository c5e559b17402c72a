import { PveError } from '../core/pve-error';
import type { Caller, SimContext } from '../sim-context';
import { configDigest, parseMountPoint, sortedConfig } from '../state/container-config';
import type { ContainerRecord, CtConfig, SnapshotRecord } from '../state/types';
import { checkLock, markStopped, syncLeases } from './lifecycle';
import { boolParam, Params, requireInt } from './params';
import { startContainerTask } from './power';

const RESERVED = ['current', 'vzdump'];

/** The config as a snapshot keeps it. */
function snapshotConfig(ct: ContainerRecord): CtConfig {
  const config: CtConfig = { ...ct.config };
  delete config['lock'];
  delete config['parent'];
  return config;
}

function findSnapshot(ct: ContainerRecord, name: string) {
  const snapshot = ct.snapshots.find((snap) => snap.name === name);
  if (!snapshot) throw new Error(`snapshot '${name}' does not exist`);
  return snapshot;
}

/** Every volume must be on a storage that can snapshot (lvm-thin yes, dir no). */
function checkSnapshotFeature(sim: SimContext, ct: ContainerRecord): void {
  for (const [key, value] of Object.entries(ct.config)) {
    if (!/^(rootfs|mp\d+)$/.test(key) || typeof value !== 'string') continue;
    const storageId = parseMountPoint(value)['volume'].split(':')[0];
    if (!sim.state.storage(storageId)?.canSnapshot)
      throw new Error('snapshot feature is not available');
  }
}

/** GET .../snapshot: the snapshots, then the synthetic `current` entry. */
export function listSnapshots(sim: SimContext, params: Params): Record<string, unknown>[] {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  const items: Record<string, unknown>[] = [...ct.snapshots]
    .sort((a, b) => a.snaptime - b.snaptime)
    .map((snap) => ({
      name: snap.name,
      description: snap.description,
      snaptime: snap.snaptime,
      ...(snap.parent ? { parent: snap.parent } : {}),
    }));
  const parent = ct.config['parent'];
  items.push({
    name: 'current',
    description: 'You are here!',
    running: ct.status === 'running' ? 1 : 0,
    digest: configDigest(ct.config),
    ...(parent !== undefined ? { parent: String(parent) } : {}),
  });
  return items;
}

export function createSnapshot(sim: SimContext, caller: Caller, params: Params): string {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  const name = params['snapname'];
  if (RESERVED.includes(name))
    throw PveError.fail(`unable to use snapshot name '${name}' (reserved name)`);
  const description = params['description'] ?? '';
  return sim.tasks.start({
    node: ct.node,
    type: 'vzsnapshot',
    id: String(ct.vmid),
    user: caller.authid,
    worker: async (task) => {
      checkLock(ct);
      if (ct.snapshots.some((snap) => snap.name === name)) {
        throw new Error(`snapshot name '${name}' already used`);
      }
      checkSnapshotFeature(sim, ct);
      ct.config['lock'] = 'snapshot';
      sim.persist();
      try {
        await task.sleep(1800);
        const parent = ct.config['parent'];
        ct.snapshots.push({
          name,
          description,
          snaptime: sim.clock.nowSeconds(),
          ...(parent !== undefined ? { parent: String(parent) } : {}),
          config: snapshotConfig(ct),
        });
        ct.config['parent'] = name;
        task.log(`  Logical volume "snap_vm-${ct.vmid}-disk-0_${name}" created.`);
      } finally {
        delete ct.config['lock'];
        sim.persist();
      }
    },
  });
}

export function deleteSnapshot(sim: SimContext, caller: Caller, params: Params): string {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  const name = params['snapname'];
  const isForced = boolParam(params, 'force');
  return sim.tasks.start({
    node: ct.node,
    type: 'vzdelsnapshot',
    id: String(ct.vmid),
    user: caller.authid,
    worker: async (task) => {
      if (!isForced) checkLock(ct);
      const snapshot = findSnapshot(ct, name);
      ct.config['lock'] = 'snapshot-delete';
      sim.persist();
      let isRemoved = false;
      try {
        await task.sleep(1200);
        task.log(`  Logical volume "snap_vm-${ct.vmid}-disk-0_${name}" successfully removed.`);
        isRemoved = true;
      } catch (error) {
        if (!isForced) throw error;
        task.log(`storage error ignored (force): ${(error as Error).message}`);
        isRemoved = true;
      } finally {
        delete ct.config['lock'];
        if (isRemoved) removeSnapshot(ct, snapshot, name);
        sim.persist();
      }
    },
  });
}

function removeSnapshot(ct: ContainerRecord, snapshot: SnapshotRecord, name: string): void {
  ct.snapshots = ct.snapshots.filter((snap) => snap !== snapshot);
  for (const child of ct.snapshots) {
    if (child.parent !== name) continue;
    if (snapshot.parent) child.parent = snapshot.parent;
    else delete child.parent;
  }
  if (ct.config['parent'] === name) {
    if (snapshot.parent) ct.config['parent'] = snapshot.parent;
    else delete ct.config['parent'];
  }
}

export function rollbackSnapshot(sim: SimContext, caller: Caller, params: Params): string {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  checkLock(ct);
  const name = params['snapname'];
  const shouldStart = boolParam(params, 'start');
  return sim.tasks.start({
    node: ct.node,
    type: 'vzrollback',
    id: String(ct.vmid),
    user: caller.authid,
    worker: async (task) => {
      checkLock(ct);
      const snapshot = findSnapshot(ct, name);
      ct.config['lock'] = 'rollback';
      sim.persist();
      try {
        await task.sleep(800);
        if (ct.status === 'running') {
          task.log(`stopping CT ${ct.vmid}`);
          markStopped(sim, ct);
        }
        await task.sleep(1500);
        task.log(`  Logical volume "vm-${ct.vmid}-disk-0" successfully removed.`);
        task.log(`  Logical volume "vm-${ct.vmid}-disk-0" created.`);
        ct.config = { ...snapshot.config, parent: name, lock: 'rollback' };
        ct.pending = {};
        ct.pendingDelete = [];
        syncLeases(sim, ct);
      } finally {
        delete ct.config['lock'];
        sim.persist();
      }
      if (shouldStart) await task.waitFor(sim.tasks.waitFor(startContainerTask(sim, caller, ct)));
    },
  });
}

export function readSnapshotConfig(sim: SimContext, params: Params): CtConfig {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  let snapshot;
  try {
    snapshot = findSnapshot(ct, params['snapname']);
  } catch (error) {
    throw PveError.fail((error as Error).message);
  }
  return sortedConfig({
    ...snapshot.config,
    ...(snapshot.parent ? { parent: snapshot.parent } : {}),
    description: snapshot.description,
    snaptime: snapshot.snaptime,
  });
}

export function updateSnapshotConfig(sim: SimContext, params: Params): null {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  let snapshot;
  try {
    snapshot = findSnapshot(ct, params['snapname']);
  } catch (error) {
    throw PveError.fail((error as Error).message);
  }
  if (params['description'] !== undefined) snapshot.description = params['description'];
  sim.persist();
  return null;
}
