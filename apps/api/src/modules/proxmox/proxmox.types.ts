/** Our vocabulary for what Proxmox tells us; the HTTP client maps the raw API onto it. */

export interface TaskRef {
  node: string;
  upid: string;
}

export interface TaskStatus {
  upid: string;
  node: string;
  type: string;
  isRunning: boolean;
  /** OK, WARNINGS: n, or the error text; only once the task has stopped. */
  exitStatus?: string;
}

export interface ProxmoxNode {
  node: string;
  isOnline: boolean;
  cpu: number;
  maxCpu: number;
  memUsedBytes: number;
  memTotalBytes: number;
  diskUsedBytes: number;
  diskTotalBytes: number;
}

export interface CreateContainerSpec {
  node: string;
  vmid: number;
  hostname: string;
  templateVolid: string;
  cores: number;
  memoryMb: number;
  diskGb: number;
  rootPassword: string;
  sshPublicKeys?: string[];
  start: boolean;
}

export type PowerAction = 'start' | 'stop' | 'shutdown' | 'reboot';

export interface PowerOptions {
  /** shutdown: seconds to wait before giving up (or force stopping). */
  timeoutSeconds?: number;
  /** shutdown: hard stop when the timeout passes. */
  forceStop?: boolean;
}

export type ContainerRunState = 'running' | 'stopped' | 'unknown';

/** Live figures of one container. cpu is a fraction of its cores (0..1). */
export interface ContainerStats {
  node: string;
  vmid: number;
  name?: string;
  status: ContainerRunState;
  lock?: string;
  cpu: number;
  cores: number;
  memUsedBytes: number;
  memTotalBytes: number;
  diskUsedBytes: number;
  diskTotalBytes: number;
  netInBytes: number;
  netOutBytes: number;
  uptimeSeconds: number;
}

export interface ContainerConfig {
  hostname?: string;
  cores?: number;
  memoryMb?: number;
  diskGb?: number;
  lock?: string;
  digest?: string;
  net0?: string;
}

export interface Snapshot {
  name: string;
  description: string;
  parent?: string;
  createdAt?: Date;
}

export interface ConsoleTicket {
  node: string;
  vmid: number;
  port: number;
  ticket: string;
  /** The VNC-protocol password (PVE 9), handed to the RFB client. */
  password?: string;
  upid: string;
}

export interface OsTemplate {
  volid: string;
  sizeBytes: number;
}

export type RrdTimeframe = 'hour' | 'day' | 'week' | 'month' | 'year';

/** One rrddata point; rates are per second, fields are missing while the CT was stopped. */
export interface RrdPoint {
  time: number;
  cpu?: number;
  maxCpu?: number;
  memUsedBytes?: number;
  memTotalBytes?: number;
  diskUsedBytes?: number;
  diskTotalBytes?: number;
  netInRate?: number;
  netOutRate?: number;
}

/** An open console WebSocket to Proxmox, with whatever the VNC server sent before anyone listened. */
export interface ConsoleConnection {
  socket: import('ws').WebSocket;
  /** Messages that arrived before stopBuffering(); the VNC server speaks first. */
  buffered: Buffer[];
  stopBuffering(): void;
}
