import type {
  ConsoleConnection,
  ConsoleTicket,
  ContainerConfig,
  ContainerStats,
  CreateContainerSpec,
  OsTemplate,
  PowerAction,
  PowerOptions,
  ProxmoxNode,
  RrdPoint,
  RrdTimeframe,
  Snapshot,
  TaskRef,
  TaskStatus,
} from './proxmox.types';

/**
 * Everything the panel asks of Proxmox, in our vocabulary. It is both the interface and the DI
 * token; ProxmoxHttpClient is the only implementation that speaks the real API.
 */
export abstract class ProxmoxClient {
  abstract listNodes(): Promise<ProxmoxNode[]>;
  abstract getNodeStatus(node: string): Promise<ProxmoxNode>;
  /** The online node with the most free memory that fits the request, the default node first. */
  abstract pickNode(need: { memoryMb: number; diskGb: number }): Promise<string>;
  abstract nextVmid(): Promise<number>;

  abstract createContainer(spec: CreateContainerSpec): Promise<TaskRef>;
  abstract deleteContainer(node: string, vmid: number): Promise<TaskRef>;
  abstract setPowerState(
    node: string,
    vmid: number,
    action: PowerAction,
    options?: PowerOptions,
  ): Promise<TaskRef>;

  abstract getContainerStats(node: string, vmid: number): Promise<ContainerStats>;
  abstract getContainerConfig(node: string, vmid: number): Promise<ContainerConfig>;
  /** The first IPv4 address of the running container, from its interfaces or its static config. */
  abstract getContainerIp(node: string, vmid: number): Promise<string | null>;

  /** Cores and memory change through the config (hot-applied on a running container). */
  abstract updateResources(
    node: string,
    vmid: number,
    change: { cores?: number; memoryMb?: number },
  ): Promise<void>;
  /** Grows the root disk to an absolute size; Proxmox refuses to shrink. */
  abstract growDisk(node: string, vmid: number, diskGb: number): Promise<TaskRef>;

  abstract listSnapshots(node: string, vmid: number): Promise<Snapshot[]>;
  abstract createSnapshot(
    node: string,
    vmid: number,
    name: string,
    description?: string,
  ): Promise<TaskRef>;
  abstract rollbackSnapshot(
    node: string,
    vmid: number,
    name: string,
    startAfter: boolean,
  ): Promise<TaskRef>;
  abstract deleteSnapshot(node: string, vmid: number, name: string): Promise<TaskRef>;

  /** Sets root's password inside the running container (over SSH to the node). */
  abstract setRootPassword(node: string, vmid: number, password: string): Promise<void>;

  /** A VNC ticket made by the console user; connectConsole must follow within ~10 s. */
  abstract createConsoleTicket(node: string, vmid: number): Promise<ConsoleTicket>;
  /** Opens the vncwebsocket for a ticket, authenticated as the console user. */
  abstract connectConsole(ticket: ConsoleTicket): Promise<ConsoleConnection>;

  abstract listTemplates(node: string): Promise<OsTemplate[]>;
  /** Every container of the cluster in one call (monitoring). */
  abstract listContainers(): Promise<ContainerStats[]>;
  abstract getRrdData(node: string, vmid: number, timeframe: RrdTimeframe): Promise<RrdPoint[]>;

  abstract getTaskStatus(task: TaskRef): Promise<TaskStatus>;
  /** Follows a task to its end; throws ProxmoxTaskError or ProxmoxTaskTimeoutError. */
  abstract waitForTask(task: TaskRef, timeoutMs?: number): Promise<TaskStatus>;
}
