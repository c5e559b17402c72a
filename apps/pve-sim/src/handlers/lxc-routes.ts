import { PveError } from '../core/pve-error';
import { containerRrd, ConsolidationFunction, Timeframe } from '../load/rrd';
import { Route, vmPermission } from '../http/route';
import {
  createContainer,
  destroyContainer,
  readConfig,
  readPending,
  updateConfig,
} from '../services/containers';
import { listInterfaces } from '../services/interfaces';
import { resizeDisk } from '../services/resize';
import { requireInt } from '../services/params';
import {
  rebootContainer,
  resumeContainer,
  shutdownContainer,
  startContainer,
  stopContainer,
  suspendContainer,
} from '../services/power';
import {
  createSnapshot,
  deleteSnapshot,
  listSnapshots,
  readSnapshotConfig,
  rollbackSnapshot,
  updateSnapshotConfig,
} from '../services/snapshots';
import type { SimContext } from '../sim-context';
import { ctCapacity, ctLiveStats } from '../state/stats';
import type { ContainerRecord } from '../state/types';
import type { ConsoleSessions } from '../vnc/console-sessions';

const CT = '/nodes/{node}/lxc/{vmid}';

function statusFields(sim: SimContext, ct: ContainerRecord): Record<string, unknown> {
  const stats = ctLiveStats(sim, ct);
  return {
    vmid: ct.vmid,
    name: String(ct.config['hostname'] ?? `CT${ct.vmid}`),
    type: 'lxc',
    status: stats.status,
    uptime: stats.uptime,
    cpu: stats.cpu,
    cpus: stats.maxcpu,
    mem: stats.mem,
    maxmem: stats.maxmem,
    swap: stats.swap,
    maxswap: stats.maxswap,
    disk: stats.disk,
    maxdisk: stats.maxdisk,
    netin: stats.netin,
    netout: stats.netout,
    diskread: stats.diskread,
    diskwrite: stats.diskwrite,
    pressurecpusome: stats.pressurecpusome,
    pressurecpufull: stats.pressurecpufull,
    pressureiosome: stats.pressureiosome,
    pressureiofull: stats.pressureiofull,
    pressurememorysome: stats.pressurememorysome,
    pressurememoryfull: stats.pressurememoryfull,
    ...(ct.pid !== undefined && ct.status === 'running' ? { pid: ct.pid } : {}),
    ...(Number(ct.config['template'] ?? 0) === 1 ? { template: 1 } : {}),
    ...(ct.config['lock'] !== undefined ? { lock: String(ct.config['lock']) } : {}),
    ...(ct.config['tags'] !== undefined ? { tags: String(ct.config['tags']) } : {}),
  };
}

export function lxcRoutes(sim: SimContext, consoles: ConsoleSessions): Route[] {
  const audit = vmPermission('VM.Audit');
  const power = vmPermission('VM.PowerMgmt');
  const snapshot = vmPermission('VM.Snapshot');
  const consolePermission = vmPermission('VM.Console');
  const requireCt = (params: Record<string, string>) =>
    sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  return [
    {
      method: 'GET',
      template: '/nodes/{node}/lxc',
      handler: ({ params }) =>
        sim.state.containersOn(params['node']).map((ct) => statusFields(sim, ct)),
    },
    {
      method: 'POST',
      template: '/nodes/{node}/lxc',
      permission: vmPermission('VM.Allocate'),
      handler: ({ params, caller }) => createContainer(sim, caller, params),
    },
    {
      method: 'DELETE',
      template: CT,
      permission: vmPermission('VM.Allocate'),
      handler: ({ params, caller }) => destroyContainer(sim, caller, params),
    },
    {
      method: 'GET',
      template: `${CT}/config`,
      permission: audit,
      handler: ({ params }) => readConfig(sim, params),
    },
    {
      method: 'PUT',
      template: `${CT}/config`,
      // Checked per option in updateConfig (VM.Config.CPU, .Memory, .Network, .Disk, .Options).
      handler: ({ params, caller }) => updateConfig(sim, caller, params),
    },
    {
      method: 'GET',
      template: `${CT}/pending`,
      permission: audit,
      handler: ({ params }) => readPending(sim, params),
    },
    {
      method: 'GET',
      template: `${CT}/status/current`,
      permission: audit,
      handler: ({ params }) => ({ ...statusFields(sim, requireCt(params)), ha: { managed: 0 } }),
    },
    {
      method: 'POST',
      template: `${CT}/status/start`,
      permission: power,
      handler: ({ params, caller }) => startContainer(sim, caller, params),
    },
    {
      method: 'POST',
      template: `${CT}/status/stop`,
      permission: power,
      handler: ({ params, caller }) => stopContainer(sim, caller, params),
    },
    {
      method: 'POST',
      template: `${CT}/status/shutdown`,
      permission: power,
      handler: ({ params, caller }) => shutdownContainer(sim, caller, params),
    },
    {
      method: 'POST',
      template: `${CT}/status/reboot`,
      permission: power,
      handler: ({ params, caller }) => rebootContainer(sim, caller, params),
    },
    {
      method: 'POST',
      template: `${CT}/status/suspend`,
      permission: power,
      handler: ({ params, caller }) => suspendContainer(sim, caller, params),
    },
    {
      method: 'POST',
      template: `${CT}/status/resume`,
      permission: power,
      handler: ({ params, caller }) => resumeContainer(sim, caller, params),
    },
    {
      method: 'PUT',
      template: `${CT}/resize`,
      permission: vmPermission('VM.Config.Disk'),
      handler: ({ params, caller }) => resizeDisk(sim, caller, params),
    },
    {
      method: 'GET',
      template: `${CT}/rrddata`,
      permission: audit,
      handler: ({ params }) => {
        const ct = requireCt(params);
        return containerRrd(
          sim.load,
          {
            vmid: ct.vmid,
            capacity: ctCapacity(ct, sim.state.requireNode(ct.node)),
            runs: ct.runs,
            createdAt: ct.createdAt,
            backfill: sim.options.rrdBackfill,
          },
          params['timeframe'] as Timeframe,
          (params['cf'] ?? 'AVERAGE') as ConsolidationFunction,
          sim.clock.nowSeconds(),
        );
      },
    },
    {
      method: 'GET',
      template: `${CT}/interfaces`,
      permission: audit,
      handler: ({ params }) => listInterfaces(sim, params),
    },
    {
      method: 'GET',
      template: `${CT}/snapshot`,
      permission: audit,
      handler: ({ params }) => listSnapshots(sim, params),
    },
    {
      method: 'POST',
      template: `${CT}/snapshot`,
      permission: snapshot,
      handler: ({ params, caller }) => createSnapshot(sim, caller, params),
    },
    {
      method: 'DELETE',
      template: `${CT}/snapshot/{snapname}`,
      permission: snapshot,
      handler: ({ params, caller }) => deleteSnapshot(sim, caller, params),
    },
    {
      method: 'POST',
      template: `${CT}/snapshot/{snapname}/rollback`,
      permission: vmPermission('VM.Snapshot.Rollback'),
      handler: ({ params, caller }) => rollbackSnapshot(sim, caller, params),
    },
    {
      method: 'GET',
      template: `${CT}/snapshot/{snapname}/config`,
      permission: audit,
      handler: ({ params }) => readSnapshotConfig(sim, params),
    },
    {
      method: 'PUT',
      template: `${CT}/snapshot/{snapname}/config`,
      permission: snapshot,
      handler: ({ params }) => updateSnapshotConfig(sim, params),
    },
    {
      method: 'POST',
      template: `${CT}/vncproxy`,
      permission: consolePermission,
      handler: ({ params, caller }) => consoles.open(caller, params, 'vnc'),
    },
    {
      method: 'POST',
      template: `${CT}/termproxy`,
      permission: consolePermission,
      handler: ({ params, caller }) => consoles.open(caller, params, 'term'),
    },
    {
      method: 'GET',
      template: `${CT}/vncwebsocket`,
      permission: consolePermission,
      handler: ({ params }) => {
        requireCt(params);
        if (params['port'] === undefined) throw PveError.fail('missing port');
        return { port: params['port'] };
      },
    },
  ];
}
