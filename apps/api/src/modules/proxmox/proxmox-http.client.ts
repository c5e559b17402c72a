import { Logger } from '@nestjs/common';
import { RawData, WebSocket } from 'ws';

import { parsePropertyString, parseUpid } from '@hostdeck/pve-schema';

import { CircuitBreaker } from './circuit-breaker';
import { ConsoleSession } from './console-session';
import { setContainerPasswordOverSsh } from './node-ssh';
import { ProxmoxClient } from './proxmox-client';
import type { ProxmoxConnection } from './proxmox-connection';
import {
  ProxmoxApiError,
  ProxmoxConflictError,
  ProxmoxNoNodeOnlineError,
  ProxmoxTaskError,
  ProxmoxTaskTimeoutError,
  ProxmoxUnavailableError,
} from './proxmox.errors';
import type {
  ConsoleConnection,
  ConsoleTicket,
  ContainerConfig,
  ContainerRunState,
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
import {
  ProxmoxExchange,
  ProxmoxTransport,
  PveAuth,
  PveMethod,
  PveParams,
} from './proxmox-transport';

/** Raw shapes of the Proxmox answers we read (PVE 9 schema; numbers may arrive quoted). */
interface RawResource {
  id: string;
  type: string;
  node?: string;
  vmid?: number | string;
  name?: string;
  status?: string;
  lock?: string;
  cpu?: number;
  maxcpu?: number;
  mem?: number;
  maxmem?: number;
  disk?: number;
  maxdisk?: number;
  netin?: number;
  netout?: number;
  uptime?: number;
}

interface RawNodeStatus {
  cpu?: number;
  cpuinfo?: { cpus?: number };
  memory?: { used?: number; total?: number };
  rootfs?: { used?: number; total?: number };
}

interface RawTaskStatus {
  upid: string;
  node: string;
  type: string;
  status: 'running' | 'stopped';
  exitstatus?: string;
}

const num = (value: unknown): number =>
  typeof value === 'number' ? value : Number(value ?? 0) || 0;
const GIB = 1024 ** 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function runState(status: string | undefined): ContainerRunState {
  return status === 'running' || status === 'stopped' ? status : 'unknown';
}

/** `local-lvm:vm-100-disk-0,size=8G` → 8 */
export function rootfsSizeGb(rootfs: string | undefined): number | undefined {
  if (!rootfs) return undefined;
  const size = parsePropertyString(rootfs, 'volume')['size'];
  const match = size ? /^(\d+(?:\.\d+)?)([KMGT]?)$/.exec(size) : null;
  if (!match) return undefined;
  const factor = { '': 1 / GIB, K: 1 / 1024 ** 2, M: 1 / 1024, G: 1, T: 1024 }[
    match[2] as '' | 'K' | 'M' | 'G' | 'T'
  ];
  return Number(match[1]) * factor;
}

export interface ProxmoxHttpClientOptions {
  /** Sees every request and response (contract tests validate them against the schema). */
  observer?: (exchange: ProxmoxExchange) => void;
}

/** The one implementation that speaks the Proxmox VE API (over ProxmoxTransport). */
export class ProxmoxHttpClient extends ProxmoxClient {
  private readonly logger = new Logger(ProxmoxHttpClient.name);
  private readonly transport: ProxmoxTransport;
  private readonly tokenAuth: PveAuth;
  private readonly consoleSession: ConsoleSession | undefined;

  constructor(
    private readonly connection: ProxmoxConnection,
    options: ProxmoxHttpClientOptions = {},
  ) {
    super();
    this.transport = new ProxmoxTransport({
      apiUrl: connection.apiUrl,
      ca: connection.ca,
      insecureTls: connection.insecureTls,
      timeoutMs: connection.timeoutMs,
      breaker: new CircuitBreaker(
        connection.breakerThreshold ?? 5,
        connection.breakerCooldownMs ?? 10_000,
      ),
      observer: options.observer,
    });
    this.tokenAuth = {
      kind: 'token',
      header: `PVEAPIToken=${connection.tokenId}=${connection.tokenSecret}`,
    };
    this.consoleSession = connection.console
      ? new ConsoleSession(this.transport, connection.console.user, connection.console.password)
      : undefined;
  }

  private call<T>(method: PveMethod, path: string, params: PveParams = {}): Promise<T> {
    return this.transport.call<T>(method, path, params, this.tokenAuth);
  }

  private ct(node: string, vmid: number, rest = ''): string {
    return `/nodes/${encodeURIComponent(node)}/lxc/${vmid}${rest}`;
  }

  private task(node: string, upid: string): TaskRef {
    // Always follow a task on the node named inside its UPID.
    return { node: parseUpid(upid)?.node ?? node, upid };
  }

  async listNodes(): Promise<ProxmoxNode[]> {
    const resources = await this.call<RawResource[]>('GET', '/cluster/resources', { type: 'node' });
    return resources
      .filter((resource) => resource.type === 'node' && resource.node)
      .map((resource) => ({
        node: resource.node as string,
        isOnline: resource.status === 'online',
        cpu: num(resource.cpu),
        maxCpu: num(resource.maxcpu),
        memUsedBytes: num(resource.mem),
        memTotalBytes: num(resource.maxmem),
        diskUsedBytes: num(resource.disk),
        diskTotalBytes: num(resource.maxdisk),
      }));
  }

  async getNodeStatus(node: string): Promise<ProxmoxNode> {
    const status = await this.call<RawNodeStatus>(
      'GET',
      `/nodes/${encodeURIComponent(node)}/status`,
    );
    return {
      node,
      isOnline: true,
      cpu: num(status.cpu),
      maxCpu: num(status.cpuinfo?.cpus),
      memUsedBytes: num(status.memory?.used),
      memTotalBytes: num(status.memory?.total),
      diskUsedBytes: num(status.rootfs?.used),
      diskTotalBytes: num(status.rootfs?.total),
    };
  }

  async pickNode(need: { memoryMb: number; diskGb: number }): Promise<string> {
    const nodes = (await this.listNodes()).filter((node) => node.isOnline);
    if (nodes.length === 0) throw new ProxmoxNoNodeOnlineError('every cluster node is offline');
    const fits = nodes.filter(
      (node) =>
        node.memTotalBytes - node.memUsedBytes >= need.memoryMb * 1024 ** 2 &&
        node.diskTotalBytes - node.diskUsedBytes >= need.diskGb * GIB,
    );
    const preferred = fits.find((node) => node.node === this.connection.defaultNode);
    if (preferred) return preferred.node;
    const roomiest = fits.sort(
      (a, b) => b.memTotalBytes - b.memUsedBytes - (a.memTotalBytes - a.memUsedBytes),
    )[0];
    if (!roomiest)
      throw new ProxmoxConflictError('No cluster node has room for this server right now');
    return roomiest.node;
  }

  async nextVmid(): Promise<number> {
    return num(await this.call<string | number>('GET', '/cluster/nextid'));
  }

  async createContainer(spec: CreateContainerSpec): Promise<TaskRef> {
    const upid = await this.call<string>('POST', `/nodes/${encodeURIComponent(spec.node)}/lxc`, {
      vmid: spec.vmid,
      ostemplate: spec.templateVolid,
      hostname: spec.hostname,
      cores: spec.cores,
      memory: spec.memoryMb,
      swap: Math.min(spec.memoryMb, 512),
      rootfs: `${this.connection.storage}:${spec.diskGb}`,
      net0: `name=eth0,bridge=${this.connection.bridge},ip=dhcp,ip6=auto,firewall=1`,
      unprivileged: true,
      features: 'nesting=1',
      onboot: true,
      password: spec.rootPassword,
      'ssh-public-keys': spec.sshPublicKeys?.length ? spec.sshPublicKeys.join('\n') : undefined,
      start: spec.start,
    });
    return this.task(spec.node, upid);
  }

  async deleteContainer(node: string, vmid: number): Promise<TaskRef> {
    const upid = await this.call<string>('DELETE', this.ct(node, vmid), {
      purge: true,
      'destroy-unreferenced-disks': true,
    });
    return this.task(node, upid);
  }

  async setPowerState(
    node: string,
    vmid: number,
    action: PowerAction,
    options: PowerOptions = {},
  ): Promise<TaskRef> {
    const params: PveParams = {};
    if (action === 'shutdown') {
      params['timeout'] = options.timeoutSeconds;
      params['forceStop'] = options.forceStop;
    }
    if (action === 'reboot') params['timeout'] = options.timeoutSeconds;
    const upid = await this.call<string>('POST', this.ct(node, vmid, `/status/${action}`), params);
    return this.task(node, upid);
  }

  async getContainerStats(node: string, vmid: number): Promise<ContainerStats> {
    const raw = await this.call<RawResource & { cpus?: number }>(
      'GET',
      this.ct(node, vmid, '/status/current'),
    );
    return this.toStats({ ...raw, node, vmid, maxcpu: raw.maxcpu ?? raw.cpus });
  }

  async getContainerConfig(node: string, vmid: number): Promise<ContainerConfig> {
    const raw = await this.call<Record<string, string | number | undefined>>(
      'GET',
      this.ct(node, vmid, '/config'),
    );
    return {
      hostname: raw['hostname'] as string | undefined,
      cores: raw['cores'] === undefined ? undefined : num(raw['cores']),
      memoryMb: raw['memory'] === undefined ? undefined : num(raw['memory']),
      diskGb: rootfsSizeGb(raw['rootfs'] as string | undefined),
      lock: raw['lock'] as string | undefined,
      digest: raw['digest'] as string | undefined,
      net0: raw['net0'] as string | undefined,
    };
  }

  async getContainerIp(node: string, vmid: number): Promise<string | null> {
    try {
      const interfaces = await this.call<{ name: string; inet?: string }[] | null>(
        'GET',
        this.ct(node, vmid, '/interfaces'),
      );
      const address = (interfaces ?? []).find((item) => item.name !== 'lo' && item.inet)?.inet;
      if (address) return address.split('/')[0];
    } catch (error) {
      // A stopped container has no interfaces; fall back to a static address in the config.
      if (!(error instanceof ProxmoxApiError)) throw error;
    }
    const config = await this.getContainerConfig(node, vmid);
    const ip = config.net0 ? parsePropertyString(config.net0)['ip'] : undefined;
    return ip && ip !== 'dhcp' && ip !== 'manual' ? ip.split('/')[0] : null;
  }

  async updateResources(
    node: string,
    vmid: number,
    change: { cores?: number; memoryMb?: number },
  ): Promise<void> {
    await this.call<null>('PUT', this.ct(node, vmid, '/config'), {
      cores: change.cores,
      memory: change.memoryMb,
    });
  }

  async growDisk(node: string, vmid: number, diskGb: number): Promise<TaskRef> {
    const upid = await this.call<string>('PUT', this.ct(node, vmid, '/resize'), {
      disk: 'rootfs',
      size: `${diskGb}G`,
    });
    return this.task(node, upid);
  }

  async listSnapshots(node: string, vmid: number): Promise<Snapshot[]> {
    const raw = await this.call<
      { name: string; description?: string; parent?: string; snaptime?: number }[]
    >('GET', this.ct(node, vmid, '/snapshot'));
    // Proxmox always appends a synthetic "current" entry ("You are here!").
    return raw
      .filter((item) => item.name !== 'current')
      .map((item) => ({
        name: item.name,
        description: item.description ?? '',
        parent: item.parent,
        createdAt: item.snaptime ? new Date(num(item.snaptime) * 1000) : undefined,
      }));
  }

  async createSnapshot(
    node: string,
    vmid: number,
    name: string,
    description?: string,
  ): Promise<TaskRef> {
    const upid = await this.call<string>('POST', this.ct(node, vmid, '/snapshot'), {
      snapname: name,
      description,
    });
    return this.task(node, upid);
  }

  async rollbackSnapshot(
    node: string,
    vmid: number,
    name: string,
    startAfter: boolean,
  ): Promise<TaskRef> {
    const upid = await this.call<string>(
      'POST',
      this.ct(node, vmid, `/snapshot/${encodeURIComponent(name)}/rollback`),
      {
        start: startAfter,
      },
    );
    return this.task(node, upid);
  }

  async deleteSnapshot(node: string, vmid: number, name: string): Promise<TaskRef> {
    const upid = await this.call<string>(
      'DELETE',
      this.ct(node, vmid, `/snapshot/${encodeURIComponent(name)}`),
    );
    return this.task(node, upid);
  }

  async setRootPassword(node: string, vmid: number, password: string): Promise<void> {
    const ssh = this.connection.ssh;
    if (!ssh)
      throw new ProxmoxUnavailableError(
        'SSH to the Proxmox nodes is not configured (PROXMOX_SSH_KEY_FILE)',
      );
    await setContainerPasswordOverSsh(
      {
        host: ssh.hosts[node] ?? this.transport.apiUrl.hostname,
        port: ssh.port,
        user: ssh.user,
        privateKey: ssh.privateKey,
        hostFingerprint: ssh.hostFingerprint,
        // Key exchange alone can take a few seconds on a busy node.
        timeoutMs: Math.max(this.connection.timeoutMs, 15_000),
      },
      vmid,
      password,
    );
  }

  async createConsoleTicket(node: string, vmid: number): Promise<ConsoleTicket> {
    const session = this.requireConsole();
    const request = async () =>
      this.transport.call<{
        port: number | string;
        ticket: string;
        password?: string;
        upid: string;
      }>('POST', this.ct(node, vmid, '/vncproxy'), { websocket: true }, await session.auth());
    let raw;
    try {
      raw = await request();
    } catch (error) {
      // An expired or revoked ticket: log in again once.
      if (!(error instanceof ProxmoxApiError) || error.httpStatus !== 401) throw error;
      this.logger.warn(`console ticket refused for ${node}/${vmid}; logging in again`);
      session.invalidate();
      raw = await request();
    }
    return {
      node,
      vmid,
      port: num(raw.port),
      ticket: raw.ticket,
      password: raw.password,
      upid: raw.upid,
    };
  }

  async connectConsole(ticket: ConsoleTicket): Promise<ConsoleConnection> {
    const auth = await this.requireConsole().auth();
    if (auth.kind !== 'ticket') throw new Error('console session must use a ticket');
    const base = this.transport.apiUrl;
    const url = new URL(
      `${base.pathname}${this.ct(ticket.node, ticket.vmid, '/vncwebsocket')}`,
      base,
    );
    url.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = new URLSearchParams({
      port: String(ticket.port),
      vncticket: ticket.ticket,
    }).toString();
    const socket = new WebSocket(url, ['binary'], {
      headers: { cookie: `PVEAuthCookie=${encodeURIComponent(auth.ticket)}` },
      handshakeTimeout: this.connection.timeoutMs,
      ...this.transport.tlsOptions,
    });
    socket.binaryType = 'nodebuffer';
    // ws may deliver the first frame before a caller awaiting 'open' can listen: buffer from the start.
    const buffered: Buffer[] = [];
    const hold = (data: RawData) =>
      buffered.push(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer));
    socket.on('message', hold);
    return new Promise((resolve, reject) => {
      socket.once('open', () =>
        resolve({ socket, buffered, stopBuffering: () => socket.off('message', hold) }),
      );
      socket.once('unexpected-response', (_request, response) =>
        reject(
          new ProxmoxApiError(
            response.statusCode ?? 502,
            response.statusMessage ?? 'console connection refused',
          ),
        ),
      );
      socket.once('error', (error) =>
        reject(new ProxmoxUnavailableError(`console websocket: ${error.message}`)),
      );
    });
  }

  async listTemplates(node: string): Promise<OsTemplate[]> {
    const raw = await this.call<{ volid: string; size?: number }[]>(
      'GET',
      `/nodes/${encodeURIComponent(node)}/storage/${encodeURIComponent(this.connection.templateStorage)}/content`,
      { content: 'vztmpl' },
    );
    return raw.map((item) => ({ volid: item.volid, sizeBytes: num(item.size) }));
  }

  async listContainers(): Promise<ContainerStats[]> {
    // The filter has no "lxc" value; "vm" returns qemu and lxc guests alike.
    const resources = await this.call<RawResource[]>('GET', '/cluster/resources', { type: 'vm' });
    return resources
      .filter((resource) => resource.type === 'lxc')
      .map((resource) => this.toStats(resource));
  }

  async getRrdData(node: string, vmid: number, timeframe: RrdTimeframe): Promise<RrdPoint[]> {
    const raw = await this.call<Record<string, number | undefined>[]>(
      'GET',
      this.ct(node, vmid, '/rrddata'),
      {
        timeframe,
        cf: 'AVERAGE',
      },
    );
    return raw.map((item) => ({
      time: num(item['time']),
      cpu: item['cpu'],
      maxCpu: item['maxcpu'],
      memUsedBytes: item['mem'],
      memTotalBytes: item['maxmem'],
      diskUsedBytes: item['disk'],
      diskTotalBytes: item['maxdisk'],
      netInRate: item['netin'],
      netOutRate: item['netout'],
    }));
  }

  async getTaskStatus(task: TaskRef): Promise<TaskStatus> {
    const raw = await this.call<RawTaskStatus>(
      'GET',
      `/nodes/${encodeURIComponent(task.node)}/tasks/${encodeURIComponent(task.upid)}/status`,
    );
    return {
      upid: raw.upid,
      node: raw.node,
      type: raw.type,
      isRunning: raw.status === 'running',
      exitStatus: raw.exitstatus,
    };
  }

  async waitForTask(task: TaskRef, timeoutMs = this.connection.taskTimeoutMs): Promise<TaskStatus> {
    const deadline = Date.now() + timeoutMs;
    let delay = this.connection.taskPollIntervalMs ?? 250;
    for (;;) {
      let status: TaskStatus | undefined;
      try {
        status = await this.getTaskStatus(task);
      } catch (error) {
        // Proxmox away for a moment (a restart, the network, an open circuit): the task runs on
        // without us, so keep following it until the deadline instead of calling it failed.
        if (!(error instanceof ProxmoxUnavailableError) || Date.now() + delay > deadline)
          throw error;
      }
      if (status && !status.isRunning) {
        const exit = status.exitStatus ?? 'unexpected status';
        // "WARNINGS: n" counts as success, like Proxmox's own status_is_error.
        if (exit === 'OK' || exit.startsWith('WARNINGS')) return status;
        throw new ProxmoxTaskError(task.upid, exit);
      }
      if (Date.now() + delay > deadline) throw new ProxmoxTaskTimeoutError(task.upid, timeoutMs);
      await sleep(delay);
      delay = Math.min(delay * 2, 2000);
    }
  }

  /** Watches every request and answer; returns an unsubscribe. */
  observe(observer: (exchange: ProxmoxExchange) => void): () => void {
    return this.transport.observe(observer);
  }

  close(): void {
    this.transport.close();
  }

  private requireConsole(): ConsoleSession {
    if (!this.consoleSession)
      throw new ProxmoxUnavailableError(
        'The console user is not configured (PROXMOX_CONSOLE_USER)',
      );
    return this.consoleSession;
  }

  private toStats(raw: RawResource): ContainerStats {
    return {
      node: raw.node ?? '',
      vmid: num(raw.vmid),
      name: raw.name,
      status: runState(raw.status),
      lock: raw.lock,
      cpu: num(raw.cpu),
      cores: num(raw.maxcpu),
      memUsedBytes: num(raw.mem),
      memTotalBytes: num(raw.maxmem),
      diskUsedBytes: num(raw.disk),
      diskTotalBytes: num(raw.maxdisk),
      netInBytes: num(raw.netin),
      netOutBytes: num(raw.netout),
      uptimeSeconds: num(raw.uptime),
    };
  }
}
