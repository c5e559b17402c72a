import { PveError } from '../core/pve-error';
import type { Route } from '../http/route';
import { boolParam, intParam } from '../services/params';
import type { SimContext } from '../sim-context';
import { nodeLiveStats } from '../state/stats';
import { APPLIANCES, templateVolume } from '../state/templates';
import { STORAGES } from '../state/types';
import { PVE_VERSION } from './cluster-routes';

export function nodeRoutes(sim: SimContext): Route[] {
  return [
    {
      method: 'GET',
      template: '/nodes/{node}/status',
      handler: ({ params }) => {
        const node = sim.state.requireNode(params['node']);
        const stats = nodeLiveStats(sim, node);
        const rootfsUsed = stats.disk;
        return {
          uptime: stats.uptime,
          cpu: stats.cpu,
          wait: 0.0012,
          idle: 0,
          loadavg: stats.loadavg,
          cpuinfo: {
            model: 'AMD EPYC 7313P 16-Core Processor',
            cores: Math.max(1, Math.floor(node.cpus / 2)),
            cpus: node.cpus,
            sockets: 1,
            mhz: '2994.375',
            hvm: '1',
            user_hz: 100,
            flags: 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov lm svm',
          },
          memory: {
            total: stats.maxmem,
            used: stats.mem,
            free: stats.maxmem - stats.mem,
            available: stats.maxmem - stats.mem,
          },
          swap: { total: 8 * 1024 ** 3, used: 0, free: 8 * 1024 ** 3 },
          rootfs: {
            total: stats.maxdisk,
            used: rootfsUsed,
            free: stats.maxdisk - rootfsUsed,
            avail: stats.maxdisk - rootfsUsed,
          },
          ksm: { shared: 0 },
          kversion: 'Linux 6.17.2-1-pve #1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-10-21T11:55Z)',
          'current-kernel': {
            sysname: 'Linux',
            release: '6.17.2-1-pve',
            version: '#1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-10-21T11:55Z)',
            machine: 'x86_64',
          },
          'boot-info': { mode: 'efi', secureboot: 0 },
          pveversion: `pve-manager/${PVE_VERSION.version}/${PVE_VERSION.repoid}`,
        };
      },
    },
    {
      method: 'GET',
      template: '/nodes/{node}/storage',
      handler: ({ params }) => {
        const node = sim.state.requireNode(params['node']);
        const content = (params['content'] ?? '').split(/[,;\s]+/).filter(Boolean);
        return STORAGES.filter(
          (storage) =>
            (params['storage'] === undefined || storage.id === params['storage']) &&
            content.every((item) => storage.content.includes(item)),
        ).map((storage) => {
          const total = sim.state.storageTotal(node, storage);
          const used = sim.state.storageUsed(node, storage);
          return {
            storage: storage.id,
            type: storage.type,
            content: storage.content.join(','),
            active: 1,
            enabled: 1,
            shared: 0,
            total,
            used,
            avail: total - used,
            used_fraction: Math.round((used / total) * 1e6) / 1e6,
            ...(boolParam(params, 'format')
              ? {
                  formats: {
                    default: 'raw',
                    supported:
                      storage.type === 'dir' ? ['qcow2', 'raw', 'subvol', 'vmdk'] : ['raw'],
                  },
                }
              : {}),
          };
        });
      },
    },
    {
      method: 'GET',
      template: '/nodes/{node}/storage/{storage}/content',
      handler: ({ params }) => {
        const node = sim.state.requireNode(params['node']);
        const storage = sim.state.requireStorage(params['storage']);
        const content = params['content'];
        const vmid = intParam(params, 'vmid');
        const items: Record<string, unknown>[] = [];
        if (
          storage.id === 'local' &&
          (content === undefined || content === 'vztmpl') &&
          vmid === undefined
        ) {
          for (const template of sim.state.templates.get(node.name) ?? []) {
            items.push({ ...template, content: 'vztmpl' });
          }
        }
        if (content === undefined || content === 'rootdir') {
          for (const volume of sim.state.volumes(node.name, storage.id)) {
            if (vmid !== undefined && volume.vmid !== vmid) continue;
            items.push({
              volid: volume.volid,
              format: 'raw',
              size: volume.size,
              vmid: volume.vmid,
              content: 'rootdir',
              ctime: sim.state.containers.get(volume.vmid)?.createdAt,
            });
          }
        }
        return items.sort((a, b) => String(a['volid']).localeCompare(String(b['volid'])));
      },
    },
    {
      method: 'GET',
      template: '/nodes/{node}/aplinfo',
      handler: ({ params }) => {
        sim.state.requireNode(params['node']);
        return APPLIANCES.map((info) => ({
          template: info.template,
          type: 'lxc',
          package: info.package,
          version: info.version,
          os: info.os,
          section: info.section,
          headline: info.headline,
          description: info.description,
          architecture: 'amd64',
          maintainer: 'Proxmox Support Team <support@proxmox.com>',
          infopage: 'https://pve.proxmox.com/wiki/Linux_Container#pct_supported_distributions',
          location: `${info.section}/${info.template}`,
          source: `http://download.proxmox.com/images/${info.section}/${info.template}`,
          sha512sum: 'a'.repeat(128),
        }));
      },
    },
    {
      method: 'POST',
      template: '/nodes/{node}/aplinfo',
      permission: (params) => [`/storage/${params['storage']}`, 'Datastore.AllocateTemplate'],
      handler: ({ params, caller }) => {
        const node = sim.state.requireNode(params['node']);
        const storage = sim.state.requireStorage(params['storage']);
        if (!storage.content.includes('vztmpl')) {
          throw PveError.fail(`storage '${storage.id}' does not support templates`);
        }
        const info = APPLIANCES.find((appliance) => appliance.template === params['template']);
        if (!info) throw PveError.fail(`no such template '${params['template']}'`);
        return sim.tasks.start({
          node: node.name,
          type: 'download',
          id: info.template,
          user: caller.authid,
          worker: async (task) => {
            task.log(
              `starting template download from: http://download.proxmox.com/images/system/${info.template}`,
            );
            task.log(`target file: /var/lib/vz/template/cache/${info.template}`);
            await task.sleep(6000);
            if (sim.state.storageFree(node, storage) < info.size)
              throw new Error('no space left on device');
            task.log(`${Math.round(info.size / 1048576)}.00 MiB downloaded`);
            task.log('calculating checksum...OK, checksum verified');
            const list = sim.state.templates.get(node.name) ?? [];
            if (!list.some((template) => template.volid === `local:vztmpl/${info.template}`)) {
              list.push(templateVolume(info, sim.clock.nowSeconds()));
              sim.state.templates.set(node.name, list);
            }
            task.log(
              `download of '${info.template}' to '/var/lib/vz/template/cache/${info.template}' finished`,
            );
            sim.persist();
          },
        });
      },
    },
  ];
}
