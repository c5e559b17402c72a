import { startSimulator, RunningSimulator, SimulatorOptions } from '../simulator';

export interface PveResponse<T = unknown> {
  status: number;
  statusText: string;
  body: { data: T; message?: string; errors?: Record<string, string>; total?: number } | undefined;
  text: string;
}

export type Auth =
  | { kind: 'token'; token: string }
  | { kind: 'ticket'; ticket: string; csrf?: string }
  | { kind: 'none' };

/** Starts a simulator the way the specs want it: strict, fast tasks, no auth delay. */
export function startTestSim(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({
    strict: true,
    taskDurationScale: 0.001,
    authFailureDelayMs: 0,
    seed: 42,
    ssh: false,
    ...options,
  });
}

/** A minimal Proxmox API client speaking the wire format (form bodies, query strings). */
export class PveClient {
  constructor(
    readonly apiUrl: string,
    private auth: Auth,
  ) {}

  static forSim(sim: RunningSimulator): PveClient {
    return new PveClient(sim.apiUrl, { kind: 'token', token: sim.token });
  }

  withAuth(auth: Auth): PveClient {
    return new PveClient(this.apiUrl, auth);
  }

  async request<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    params: Record<string, string | number | boolean> = {},
    options: { json?: boolean; signal?: AbortSignal } = {},
  ): Promise<PveResponse<T>> {
    const encoded = new URLSearchParams(
      Object.entries(params).map(([key, value]): [string, string] => [
        key,
        typeof value === 'boolean' ? (value ? '1' : '0') : String(value),
      ]),
    ).toString();
    const hasBody = method === 'POST' || method === 'PUT';
    const url = `${this.apiUrl}${path}${!hasBody && encoded ? `?${encoded}` : ''}`;
    const headers: Record<string, string> = {};
    if (this.auth.kind === 'token') headers['authorization'] = `PVEAPIToken=${this.auth.token}`;
    if (this.auth.kind === 'ticket') {
      headers['cookie'] = `PVEAuthCookie=${encodeURIComponent(this.auth.ticket)}`;
      if (this.auth.csrf && method !== 'GET') headers['csrfpreventiontoken'] = this.auth.csrf;
    }
    let body: string | undefined;
    if (hasBody) {
      if (options.json) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(params);
      } else {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = encoded;
      }
    }
    const response = await fetch(url, { method, headers, body, signal: options.signal });
    const text = await response.text();
    let parsed: PveResponse<T>['body'];
    try {
      parsed = JSON.parse(text) as PveResponse<T>['body'];
    } catch {
      parsed = undefined;
    }
    return { status: response.status, statusText: response.statusText, body: parsed, text };
  }

  /** The `data` of a successful call; anything else fails with the status line. */
  async data<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    params: Record<string, string | number | boolean> = {},
  ): Promise<T> {
    const response = await this.request<T>(method, path, params);
    if (response.status !== 200 || !response.body) {
      throw new Error(
        `${method} ${path}: ${response.status} ${response.statusText} ${response.text}`,
      );
    }
    return response.body.data;
  }

  /** Polls a task until it stops; returns its status. */
  async waitTask(upid: string, timeoutMs = 10_000): Promise<TaskStatus> {
    const node = upid.split(':')[1];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.data<TaskStatus>(
        'GET',
        `/nodes/${node}/tasks/${encodeURIComponent(upid)}/status`,
      );
      if (status.status === 'stopped') return status;
      if (Date.now() > deadline) throw new Error(`task ${upid} still running`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async taskLog(upid: string): Promise<string[]> {
    const node = upid.split(':')[1];
    const lines = await this.data<{ n: number; t: string }[]>(
      'GET',
      `/nodes/${node}/tasks/${encodeURIComponent(upid)}/log`,
      { limit: 0 },
    );
    return lines.map((line) => line.t);
  }

  /** Creates a container and waits for the create task. */
  async createContainer(
    vmid: number,
    extra: Record<string, string | number | boolean> = {},
    node = 'pve1',
  ): Promise<TaskStatus> {
    const upid = await this.data<string>('POST', `/nodes/${node}/lxc`, {
      vmid,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      hostname: `ct${vmid}`,
      rootfs: 'local-lvm:8',
      cores: 1,
      memory: 512,
      swap: 512,
      net0: 'name=eth0,bridge=vmbr0,ip=dhcp',
      password: 'initial-password',
      ...extra,
    });
    return this.waitTask(upid);
  }

  async control<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const origin = new URL(this.apiUrl).origin;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.auth.kind === 'token') headers['authorization'] = `PVEAPIToken=${this.auth.token}`;
    const response = await fetch(`${origin}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }
}

export interface TaskStatus {
  upid: string;
  status: 'running' | 'stopped';
  exitstatus?: string;
  type: string;
  id: string;
  user: string;
  node: string;
}

/** Polls until the predicate holds. */
export async function eventually<T>(
  probe: () => Promise<T>,
  isDone: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (isDone(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The strict-mode contract: no response of the suite violated the schema. */
export async function expectNoViolations(client: PveClient): Promise<void> {
  const { body } = await client.control<{ violations: unknown[] }>('GET', '/__sim/violations');
  expect(body.violations).toEqual([]);
}
