import { X509Certificate } from 'node:crypto';

import { PveError } from '../core/pve-error';
import { Route } from '../http/route';
import { ctLiveStats, nodeLiveStats } from '../state/stats';
import { nextFreeVmid } from '../services/containers';
import { intParam } from '../services/params';
import type { SimContext } from '../sim-context';
import { STORAGES } from '../state/types';
import { NODE_CERT_PEM } from '../vnc/node-cert';
import { taskListItem } from './task-routes';

export const PVE_VERSION = { version: '9.1.3', release: '9.1', repoid: 'c2a0bb5ee2bd6e2f' };
const SSL_FINGERPRINT = new X509Certificate(NODE_CERT_PEM).fingerprint256;

function nodeResources(sim: SimContext): Record<string, unknown>[] {
  return [...sim.state.nodes.values()].map((node) => {
    const base = { id: `node/${node.name}`, type: 'node', node: node.name };
    if (sim.faults.isNodeDown(node.name)) return { ...base, status: 'offline' };
    const stats = nodeLiveStats(sim, node);
    return {
      ...base,
      status: 'online',
      cpu: stats.cpu,
      maxcpu: stats.maxcpu,
      mem: stats.mem,
      maxmem: stats.maxmem,
      disk: stats.disk,
      maxdisk: stats.maxdisk,
      uptime: stats.uptime,
      level: '',
      'cgroup-mode': 2,
    };
  });
}

function storageResources(sim: SimContext): Record<string, unknown>[] {
  return [...sim.state.nodes.values()].flatMap((node) =>
    STORAGES.map((storage) => {
      const isDown = sim.faults.isNodeDown(node.name);
      return {
        id: `storage/${node.name}/${storage.id}`,
        type: 'storage',
        node: node.name,
        storage: storage.id,
        status: isDown ? 'unknown' : 'available',
        plugintype: storage.type,
        content: storage.content.join(','),
        shared: 0,
        ...(isDown
          ? {}
          : {
              disk: sim.state.storageUsed(node, storage),
              maxdisk: sim.state.storageTotal(node, storage),
            }),
      };
    }),
  );
}

function guestResources(sim: SimContext): Record<string, unknown>[] {
  return sim.state.allContainers().map((ct) => {
    const name = String(ct.config['hostname'] ?? `CT${ct.vmid}`);
    const base = { id: `lxc/${ct.vmid}`, type: 'lxc', vmid: ct.vmid, node: ct.node, name };
    if (sim.faults.isNodeDown(ct.node)) return { ...base, status: 'unknown' };
    const stats = ctLiveStats(sim, ct);
    return {
      ...base,
      status: stats.status,
      template: Number(ct.config['template'] ?? 0),
      uptime: stats.uptime,
      cpu: stats.cpu,
      maxcpu: stats.maxcpu,
      mem: stats.mem,
      maxmem: stats.maxmem,
      memhost: stats.memhost,
      disk: stats.disk,
      maxdisk: stats.maxdisk,
      netin: stats.netin,
      netout: stats.netout,
      diskread: stats.diskread,
      diskwrite: stats.diskwrite,
      ...(ct.config['lock'] !== undefined ? { lock: String(ct.config['lock']) } : {}),
      ...(ct.config['tags'] !== undefined ? { tags: String(ct.config['tags']) } : {}),
    };
  });
}

function sdnResources(sim: SimContext): Record<string, unknown>[] {
  return [...sim.state.nodes.keys()].map((node) => ({
    id: `sdn/${node}/localnetwork`,
    type: 'sdn',
    sdn: 'localnetwork',
    node,
    status: sim.faults.isNodeDown(node) ? 'unknown' : 'ok',
  }));
}

export function clusterRoutes(sim: SimContext): Route[] {
  return [
    { method: 'GET', template: '/version', handler: () => PVE_VERSION },
    {
      method: 'GET',
      template: '/cluster/resources',
      handler: ({ params }) => {
        const type = params['type'];
        return [
          ...(type === undefined || type === 'node' ? nodeResources(sim) : []),
          ...(type === undefined || type === 'storage' ? storageResources(sim) : []),
          ...(type === undefined || type === 'vm' ? guestResources(sim) : []),
          ...(type === undefined || type === 'sdn' ? sdnResources(sim) : []),
        ];
      },
    },
    {
      method: 'GET',
      template: '/cluster/nextid',
      handler: ({ params }) => {
        const vmid = intParam(params, 'vmid');
        if (vmid === undefined) return String(nextFreeVmid(sim));
        if (sim.state.containers.has(vmid))
          throw PveError.param({ vmid: `VM ${vmid} already exists` });
        return params['vmid'];
      },
    },
    {
      method: 'GET',
      template: '/cluster/tasks',
      handler: () =>
        sim.tasks
          .list()
          .slice(0, 200)
          .map((task) => ({ ...taskListItem(task), saved: '1' })),
    },
    {
      method: 'GET',
      template: '/nodes',
      handler: () =>
        [...sim.state.nodes.values()].map((node) => {
          const base = { node: node.name, id: `node/${node.name}`, type: 'node' };
          if (sim.faults.isNodeDown(node.name)) return { ...base, status: 'offline' };
          const stats = nodeLiveStats(sim, node);
          return {
            ...base,
            status: 'online',
            cpu: stats.cpu,
            maxcpu: stats.maxcpu,
            mem: stats.mem,
            maxmem: stats.maxmem,
            disk: stats.disk,
            maxdisk: stats.maxdisk,
            uptime: stats.uptime,
            level: '',
            ssl_fingerprint: SSL_FINGERPRINT,
          };
        }),
    },
  ];
}
