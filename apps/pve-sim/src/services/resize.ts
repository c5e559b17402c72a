import { PveError } from '../core/pve-error';
import { GIB, MIB, parseDiskSize } from '../core/sizes';
import type { Caller, SimContext } from '../sim-context';
import {
  configDigest,
  mountPointSize,
  parseMountPoint,
  withMountPointSize,
} from '../state/container-config';
import { checkDigest, checkLock } from './lifecycle';
import { Params, requireInt } from './params';

const SIZE_PARAM = /^(\+)?(\d+(?:\.\d+)?)([KMGT])?$/;

/** PUT .../resize: grow only; the new size is checked before the fork. */
export function resizeDisk(sim: SimContext, caller: Caller, params: Params): string {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  checkDigest(ct, params['digest'], configDigest(ct.config));
  checkLock(ct);
  const disk = params['disk'];
  const value = ct.config[disk];
  if (typeof value !== 'string') throw PveError.fail(`no such disk '${disk}'`);
  const match = SIZE_PARAM.exec(params['size']);
  if (!match) throw PveError.param({ size: 'unable to parse size' });
  const amount = parseDiskSize(`${match[2]}${match[3] ?? ''}`) ?? 0;
  const current = mountPointSize(value);
  const target = Math.floor(match[1] ? current + amount : amount);
  if (target < current) throw PveError.fail('unable to shrink disk size');
  if (target === current) throw PveError.fail('disk is already at specified size');
  const volume = parseMountPoint(value)['volume'];
  const [storageId, volumeName] = volume.split(':');
  return sim.tasks.start({
    node: ct.node,
    type: 'resize',
    id: String(ct.vmid),
    user: caller.authid,
    worker: async (task) => {
      await task.sleep(700);
      const node = sim.state.requireNode(ct.node);
      const storage = sim.state.requireStorage(storageId);
      const free = sim.state.storageFree(node, storage);
      const extents = (bytes: number) => Math.ceil(bytes / (4 * MIB));
      if (target - current > free) {
        throw new Error(
          `lvextend 'pve/${volumeName}' error:   Insufficient free space: ${extents(target - current)} extents needed, but only ${extents(free)} available`,
        );
      }
      const gib = (bytes: number) => (bytes / GIB).toFixed(2);
      task.log(
        `  Size of logical volume pve/${volumeName} changed from ${gib(current)} GiB (${extents(current)} extents) to ${gib(target)} GiB (${extents(target)} extents).`,
      );
      task.log(`  Logical volume pve/${volumeName} successfully resized.`);
      ct.config[disk] = withMountPointSize(String(ct.config[disk]), target);
      if (ct.status === 'running') {
        task.log('resize2fs 1.47.2 (1-Jan-2025)');
        task.log(`The filesystem on /dev/loop0 is now ${target / 4096} (4k) blocks long.`);
      }
      await task.sleep(600);
      sim.persist();
    },
  });
}
