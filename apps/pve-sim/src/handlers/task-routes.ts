import { hasPrivilege } from '../auth/permissions';
import { PveError } from '../core/pve-error';
import { ApiResult, Route } from '../http/route';
import { boolParam, intParam, Params } from '../services/params';
import type { Caller, SimContext } from '../sim-context';
import type { TaskRecord } from '../state/types';

export function taskListItem(task: TaskRecord): Record<string, unknown> {
  return {
    upid: task.upid,
    node: task.node,
    pid: task.pid,
    pstart: task.pstart,
    starttime: task.starttime,
    type: task.type,
    id: task.id,
    user: task.user,
    ...(task.status === 'stopped' ? { endtime: task.endtime, status: task.exitstatus } : {}),
  };
}

const isFailed = (task: TaskRecord) =>
  task.status === 'stopped' &&
  task.exitstatus !== 'OK' &&
  !/^WARNINGS: \d+$/.test(task.exitstatus ?? '');

/** A task of this node; its owner or a Sys.Audit holder may read it. */
function requireTask(sim: SimContext, params: Params, caller: Caller): TaskRecord {
  const task = sim.tasks.get(params['upid']);
  if (!task || task.node !== params['node']) {
    throw PveError.fail(
      `unable to open file '/var/log/pve/tasks/active' - no such task '${params['upid']}'`,
    );
  }
  if (task.user !== caller.authid && !hasPrivilege(caller, 'Sys.Audit')) {
    throw PveError.permission(`/nodes/${task.node}`, 'Sys.Audit');
  }
  return task;
}

export function taskRoutes(sim: SimContext): Route[] {
  return [
    {
      method: 'GET',
      template: '/nodes/{node}/tasks',
      handler: ({ params, caller }) => {
        const source = params['source'] ?? 'archive';
        const vmid = params['vmid'];
        const since = intParam(params, 'since');
        const until = intParam(params, 'until');
        const types = params['typefilter'];
        const user = params['userfilter'];
        const statuses = (params['statusfilter'] ?? '').split(/[,;\s]+/).filter(Boolean);
        const matches = sim.tasks.list().filter((task) => {
          if (task.node !== params['node']) return false;
          if (source === 'archive' && task.status === 'running') return false;
          if (source === 'active' && task.status !== 'running') return false;
          if (boolParam(params, 'errors') && !isFailed(task)) return false;
          if (vmid !== undefined && task.id !== vmid) return false;
          if (since !== undefined && task.starttime < since) return false;
          if (until !== undefined && task.starttime > until) return false;
          if (types && !task.type.includes(types)) return false;
          if (user && !task.user.includes(user)) return false;
          if (task.user !== caller.authid && !hasPrivilege(caller, 'Sys.Audit')) return false;
          if (statuses.length > 0) {
            const state = task.status === 'running' ? 'running' : isFailed(task) ? 'error' : 'ok';
            if (!statuses.includes(state)) return false;
          }
          return true;
        });
        const start = intParam(params, 'start') ?? 0;
        const limit = intParam(params, 'limit') ?? 50;
        return new ApiResult(matches.slice(start, start + limit).map(taskListItem), {
          total: matches.length,
        });
      },
    },
    {
      method: 'GET',
      template: '/nodes/{node}/tasks/{upid}/status',
      handler: ({ params, caller }) => {
        const task = requireTask(sim, params, caller);
        return {
          upid: task.upid,
          node: task.node,
          pid: task.pid,
          pstart: task.pstart,
          starttime: task.starttime,
          type: task.type,
          id: task.id,
          user: task.user,
          status: task.status,
          ...(task.status === 'stopped' ? { exitstatus: task.exitstatus } : {}),
        };
      },
    },
    {
      method: 'GET',
      template: '/nodes/{node}/tasks/{upid}/log',
      handler: ({ params, caller }) => {
        const task = requireTask(sim, params, caller);
        const start = intParam(params, 'start') ?? 0;
        const limit = intParam(params, 'limit') ?? 50;
        const lines = task.log.length > 0 ? task.log : ['no content'];
        const items = lines
          .slice(start, limit > 0 ? start + limit : undefined)
          .map((text, index) => ({ n: start + index + 1, t: text }));
        return new ApiResult(items, { total: lines.length });
      },
    },
    {
      method: 'DELETE',
      template: '/nodes/{node}/tasks/{upid}',
      handler: ({ params, caller }) => {
        const task = requireTask(sim, params, caller);
        if (task.user !== caller.authid && !hasPrivilege(caller, 'Sys.Modify')) {
          throw PveError.permission(`/nodes/${task.node}`, 'Sys.Modify');
        }
        sim.tasks.stop(task.upid);
        return null;
      },
    },
  ];
}
