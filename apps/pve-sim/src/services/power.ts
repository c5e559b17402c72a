import { PveError } from '../core/pve-error';
import type { Caller, SimContext } from '../sim-context';
import type { ContainerRecord } from '../state/types';
import { checkLock, markRunning, markStopped } from './lifecycle';
import { boolParam, Params, requireInt } from './params';

/** A `mounted` lock does not block start/stop (pve-container). */
const POWER_IGNORED_LOCKS = ['mounted'];

function checkSkiplock(caller: Caller, params: Params): boolean {
  if (!boolParam(params, 'skiplock')) return false;
  if (caller.authid !== 'root@pam')
    throw PveError.param({ skiplock: 'Only root may use this option.' });
  return true;
}

/** Puts a running container down at once (force destroy, rollback). */
export function stopContainerNow(sim: SimContext, ct: ContainerRecord): void {
  if (ct.status === 'running') markStopped(sim, ct);
  sim.persist();
}

/** The vzstart task; the pre-fork checks are the caller's job. */
export function startContainerTask(
  sim: SimContext,
  caller: Caller,
  ct: ContainerRecord,
  skipLock = false,
): string {
  return sim.tasks.start({
    node: ct.node,
    type: 'vzstart',
    id: String(ct.vmid),
    user: caller.authid,
    worker: async (task) => {
      await task.sleep(1500);
      if (!skipLock) checkLock(ct, POWER_IGNORED_LOCKS);
      if (ct.status === 'running') throw new Error(`CT ${ct.vmid} already running`);
      markRunning(sim, ct);
      sim.persist();
    },
  });
}

export function startContainer(sim: SimContext, caller: Caller, params: Params): string {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  const skipLock = checkSkiplock(caller, params);
  if (Number(ct.config['template'] ?? 0) === 1) throw PveError.fail(`CT ${ct.vmid} is a template`);
  if (ct.status === 'running') throw PveError.fail(`CT ${ct.vmid} already running`);
  return startContainerTask(sim, caller, ct, skipLock);
}

export function stopContainer(sim: SimContext, caller: Caller, params: Params): string {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  const skipLock = checkSkiplock(caller, params);
  if (ct.status !== 'running') throw PveError.fail(`CT ${ct.vmid} not running`);
  if (boolParam(params, 'overrule-shutdown')) {
    for (const task of sim.tasks.list()) {
      if (
        task.type === 'vzshutdown' &&
        task.id === String(ct.vmid) &&
        sim.tasks.isRunning(task.upid)
      ) {
        sim.tasks.stop(task.upid);
      }
    }
  }
  return sim.tasks.start({
    node: ct.node,
    type: 'vzstop',
    id: String(ct.vmid),
    user: caller.authid,
    worker: async (task) => {
      await task.sleep(1200);
      if (!skipLock) checkLock(ct, POWER_IGNORED_LOCKS);
      if (ct.status !== 'running') throw new Error(`CT ${ct.vmid} not running`);
      markStopped(sim, ct);
      sim.persist();
    },
  });
}

export function shutdownContainer(sim: SimContext, caller: Caller, params: Params): string {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  if (ct.status !== 'running') throw PveError.fail(`CT ${ct.vmid} not running`);
  return sim.tasks.start({
    node: ct.node,
    type: 'vzshutdown',
    id: String(ct.vmid),
    user: caller.authid,
    worker: async (task) => {
      await task.sleep(1000);
      checkLock(ct, POWER_IGNORED_LOCKS);
      if (ct.status !== 'running') throw new Error(`CT ${ct.vmid} not running`);
      await task.sleep(3000);
      markStopped(sim, ct);
      sim.persist();
    },
  });
}

export function rebootContainer(sim: SimContext, caller: Caller, params: Params): string {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  if (ct.status !== 'running') throw PveError.fail(`VM ${ct.vmid} not running`);
  return sim.tasks.start({
    node: ct.node,
    type: 'vzreboot',
    id: String(ct.vmid),
    user: caller.authid,
    worker: async (task) => {
      await task.sleep(1000);
      checkLock(ct, POWER_IGNORED_LOCKS);
      if (ct.status !== 'running') throw new Error(`VM ${ct.vmid} not running`);
      await task.sleep(3000);
      markStopped(sim, ct);
      await task.sleep(1500);
      markRunning(sim, ct);
      sim.persist();
    },
  });
}

export function suspendContainer(sim: SimContext, caller: Caller, params: Params): string {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  if (ct.status !== 'running') throw PveError.fail(`CT ${ct.vmid} not running`);
  return sim.tasks.start({
    node: ct.node,
    type: 'vzsuspend',
    id: String(ct.vmid),
    user: caller.authid,
    worker: async (task) => {
      await task.sleep(800);
      checkLock(ct);
      ct.frozen = true;
      sim.persist();
    },
  });
}

export function resumeContainer(sim: SimContext, caller: Caller, params: Params): string {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  if (ct.status !== 'running') throw PveError.fail(`CT ${ct.vmid} not running`);
  return sim.tasks.start({
    node: ct.node,
    type: 'vzresume',
    id: String(ct.vmid),
    user: caller.authid,
    worker: async (task) => {
      await task.sleep(500);
      ct.frozen = false;
      sim.persist();
    },
  });
}
