import type { OperationState, OperationType, ServerStatus } from './domain';

/** RFC 1123 hostname label: letters, digits and inner hyphens, 1–63 characters. */
export const HOSTNAME_PATTERN = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
/** Proxmox snapshot names (pve-configid): a letter first, then letters, digits, _ or -; 2–40. */
export const SNAPSHOT_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_-]{1,39}$/;
export const RESERVED_SNAPSHOT_NAMES = ['current', 'vzdump'];
export const MIN_MEMORY_MB = 256;

export interface ServerMetricsView {
  cpuPercent: number | null;
  memUsedBytes: number | null;
  memTotalBytes: number | null;
  diskUsedBytes: number | null;
  diskTotalBytes: number | null;
  netInBytes: number | null;
  netOutBytes: number | null;
  uptimeSeconds: number | null;
  sampledAt: string | null;
}

export interface OperationView {
  id: number;
  serverId: number;
  type: OperationType;
  state: OperationState;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface ServerView {
  id: number;
  ownerId: number;
  /** The owner's sign-in email, so staff screens can say whose server it is. */
  ownerEmail: string;
  hostname: string;
  status: ServerStatus;
  ipAddress: string | null;
  node: string | null;
  vmid: number | null;
  tariffId: number;
  tariffName: string;
  osId: number;
  osName: string;
  cores: number;
  memoryMb: number;
  diskGb: number;
  priceMonthlyMinor: number;
  metrics: ServerMetricsView;
  /** The operation running now, if any (one at a time per server). */
  activeOperation: OperationView | null;
  /** The most recent operation, running or finished (how the last action ended). */
  lastOperation: OperationView | null;
  billedThrough: string | null;
  createdAt: string;
}

export interface CreateServerRequest {
  tariffId: number;
  osId: number;
  hostname?: string;
  sshPublicKeys?: string[];
}

export interface CreateServerResponse {
  server: ServerView;
  operation: OperationView;
  /** Shown once; never stored in plain text. */
  rootPassword: string;
}

export interface ServerListQuery {
  status?: ServerStatus;
  /** Staff only: one customer's servers. */
  ownerId?: number;
  search?: string;
  /** Staff only: the servers on one Proxmox node. */
  node?: string;
}

export interface OperationAccepted {
  server: ServerView;
  operation: OperationView;
}

export interface ResizeServerRequest {
  cores?: number;
  memoryMb?: number;
  diskGb?: number;
}

export interface ResizeServerResponse extends OperationAccepted {
  /** The new monthly price, charged from the next billing day. */
  priceMonthlyMinor: number;
}

export interface SnapshotView {
  name: string;
  description: string;
  parent: string | null;
  createdAt: string | null;
}

export interface CreateSnapshotRequest {
  name: string;
  description?: string;
}

export interface SnapshotNameRequest {
  name: string;
}

export interface PasswordResetResponse {
  /** Shown once; never stored. */
  password: string;
}

export interface ConsoleSessionRequest {
  serverId: number;
}

export interface ConsoleSessionResponse {
  /** Path of the WebSocket (same origin) that speaks RFB to the container's console. */
  url: string;
  expiresAt: string;
  /** The VNC password noVNC must answer with, when Proxmox issued one. */
  vncPassword: string | null;
}

export interface ServerLiveStatus {
  serverId: number;
  status: ServerStatus;
  /** True when Proxmox could not be asked and these are the last known figures. */
  isStale: boolean;
  metrics: ServerMetricsView;
}
