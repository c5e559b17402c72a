/** A value in a container config, as pve-container keeps it (numbers stay numbers). */
export type ConfigValue = string | number;
export type CtConfig = Record<string, ConfigValue>;

export interface SnapshotRecord {
  name: string;
  description: string;
  /** epoch seconds */
  snaptime: number;
  parent?: string;
  /** The container's config when the snapshot was taken (no lock, parent or digest). */
  config: CtConfig;
}

/** A period the container was running, epoch seconds; `end` is missing while it runs. */
export interface RunInterval {
  start: number;
  end?: number;
}

/** Cumulative network and disk counters at a moment (they restart at 0 with the container). */
export interface CounterCheckpoint {
  /** epoch ms */
  at: number;
  netin: number;
  netout: number;
  diskread: number;
  diskwrite: number;
}

export type CtStatus = 'running' | 'stopped';

export interface ContainerRecord {
  vmid: number;
  node: string;
  config: CtConfig;
  /** Changes waiting for the next start (non-hotpluggable options of a running CT). */
  pending: CtConfig;
  pendingDelete: string[];
  snapshots: SnapshotRecord[];
  status: CtStatus;
  /** Suspended (lxc-freeze): still `running` for the API. */
  frozen: boolean;
  /** epoch ms */
  startedAt?: number;
  pid?: number;
  runs: RunInterval[];
  /** epoch seconds */
  createdAt: number;
  /** The template it was created from (not part of a real config; used for the console banner). */
  ostemplate: string;
  /** SHA-512 crypt of root's password; undefined means root is locked (`*`). */
  rootPasswordHash?: string;
  sshPublicKeys?: string;
  /** IPv4 addresses handed out from the pool, by net key (`net0`). */
  leases: Record<string, string>;
  counters: CounterCheckpoint;
}

export interface TemplateVolume {
  volid: string;
  size: number;
  format: string;
  /** epoch seconds */
  ctime: number;
}

export interface StorageDefinition {
  id: string;
  type: 'dir' | 'lvmthin';
  content: string[];
  /** Whether volumes can be snapshotted (lvm-thin yes, dir with raw images no). */
  canSnapshot: boolean;
}

export const STORAGES: StorageDefinition[] = [
  { id: 'local', type: 'dir', content: ['backup', 'iso', 'vztmpl'], canSnapshot: false },
  { id: 'local-lvm', type: 'lvmthin', content: ['images', 'rootdir'], canSnapshot: true },
];

export interface TaskRecord {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  id: string;
  user: string;
  status: 'running' | 'stopped';
  exitstatus?: string;
  endtime?: number;
  log: string[];
}
