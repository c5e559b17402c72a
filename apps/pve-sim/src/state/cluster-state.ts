import { randomBytes } from 'node:crypto';

import type { Clock } from '../core/clock';
import { PveError } from '../core/pve-error';
import { hash32 } from '../core/random';
import { GIB } from '../core/sizes';
import type { ResolvedNode, ResolvedOptions } from '../options';
import { mountPointSize } from './container-config';
import { SEEDED_TEMPLATES, templateVolume } from './templates';
import { ContainerRecord, STORAGES, StorageDefinition, TemplateVolume } from './types';

export interface NodeRuntime extends ResolvedNode {
  /** epoch ms */
  bootTime: number;
}

/** Host memory the node itself uses (kernel, pve services). */
export const HOST_MEMORY_RESERVED = 2 * GIB;
/** Space the root filesystem uses besides the `local` storage content. */
export const HOST_ROOTFS_USED = 6 * GIB;

/** Nodes, their storages and the containers on them. */
export class ClusterState {
  readonly nodes = new Map<string, NodeRuntime>();
  readonly containers = new Map<number, ContainerRecord>();
  /** Templates in each node's `local` storage. */
  readonly templates = new Map<string, TemplateVolume[]>();
  ticketSecret = randomBytes(32).toString('hex');
  sshHostKey: string | undefined;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly clock: Clock,
  ) {
    const now = clock.now();
    for (const node of options.nodes) {
      // Booted 3..30 days ago, reproducibly for a seed.
      const uptimeDays = 3 + (hash32(options.seed, 'boot', node.name) % 27);
      this.nodes.set(node.name, { ...node, bootTime: now - uptimeDays * 86_400_000 });
    }
    this.seedTemplates();
  }

  /** Back to the initial state: no containers, the seeded templates. */
  reset(): void {
    this.containers.clear();
    this.templates.clear();
    this.seedTemplates();
  }

  private seedTemplates(): void {
    for (const node of this.nodes.keys()) {
      this.templates.set(
        node,
        SEEDED_TEMPLATES.map((info) => templateVolume(info)),
      );
    }
  }

  /** A node by name, or pveproxy's error for an unknown host. */
  requireNode(name: string): NodeRuntime {
    const node = this.nodes.get(name);
    if (!node) {
      throw PveError.fail(
        `hostname lookup '${name}' failed - failed to get address info for: ${name}: Name or service not known`,
      );
    }
    return node;
  }

  /** A container that lives on `node`, or pve-guest-common's "config does not exist" error. */
  requireContainer(node: string, vmid: number): ContainerRecord {
    const ct = this.containers.get(vmid);
    if (!ct || ct.node !== node) {
      throw PveError.fail(`Configuration file 'nodes/${node}/lxc/${vmid}.conf' does not exist`);
    }
    return ct;
  }

  containersOn(node: string): ContainerRecord[] {
    return [...this.containers.values()]
      .filter((ct) => ct.node === node)
      .sort((a, b) => a.vmid - b.vmid);
  }

  allContainers(): ContainerRecord[] {
    return [...this.containers.values()].sort((a, b) => a.vmid - b.vmid);
  }

  storage(id: string): StorageDefinition | undefined {
    return STORAGES.find((storage) => storage.id === id);
  }

  requireStorage(id: string): StorageDefinition {
    const storage = this.storage(id);
    if (!storage) throw PveError.fail(`storage '${id}' does not exist`);
    return storage;
  }

  storageTotal(node: NodeRuntime, storage: StorageDefinition): number {
    return storage.id === 'local' ? node.rootfsBytes : node.lvmThinBytes;
  }

  /** Bytes allocated on a storage: template files, or container volumes (thin volumes count fully). */
  storageUsed(node: NodeRuntime, storage: StorageDefinition): number {
    if (storage.id === 'local') {
      const templates = (this.templates.get(node.name) ?? []).reduce((sum, t) => sum + t.size, 0);
      return HOST_ROOTFS_USED + templates + this.volumeBytes(node.name, 'local');
    }
    return this.volumeBytes(node.name, storage.id);
  }

  storageFree(node: NodeRuntime, storage: StorageDefinition): number {
    return Math.max(0, this.storageTotal(node, storage) - this.storageUsed(node, storage));
  }

  /** Container volumes on a storage of a node (rootfs and mount points, in every snapshot too). */
  volumes(node: string, storageId: string): { volid: string; vmid: number; size: number }[] {
    const out: { volid: string; vmid: number; size: number }[] = [];
    for (const ct of this.containersOn(node)) {
      for (const [key, value] of Object.entries(ct.config)) {
        if (!/^(rootfs|mp\d+)$/.test(key) || typeof value !== 'string') continue;
        const volid = value.split(',')[0];
        if (volid.startsWith(`${storageId}:`))
          out.push({ volid, vmid: ct.vmid, size: mountPointSize(value) });
      }
    }
    return out;
  }

  private volumeBytes(node: string, storageId: string): number {
    return this.volumes(node, storageId).reduce((sum, volume) => sum + volume.size, 0);
  }

  /** Memory promised to the containers of a node (their `memory` settings). */
  memoryCommitted(node: string): number {
    return this.containersOn(node).reduce(
      (sum, ct) => sum + Number(ct.config['memory'] ?? 512) * 1024 * 1024,
      0,
    );
  }

  leasedAddresses(): string[] {
    return this.allContainers().flatMap((ct) => Object.values(ct.leases));
  }

  nodeUptime(node: NodeRuntime): number {
    return Math.floor((this.clock.now() - node.bootTime) / 1000);
  }
}
