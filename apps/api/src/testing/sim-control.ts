import type { ProxmoxConnection } from '../modules/proxmox/proxmox-connection';

/** The simulator's test control API (/__sim/...), for faults, load pins and state checks. */
export class SimControl {
  private readonly origin: string;
  private readonly authorization: string;

  constructor(connection: Pick<ProxmoxConnection, 'apiUrl' | 'tokenId' | 'tokenSecret'>) {
    this.origin = new URL(connection.apiUrl).origin;
    this.authorization = `PVEAPIToken=${connection.tokenId}=${connection.tokenSecret}`;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.origin}/__sim${path}`, {
      method,
      headers: {
        authorization: this.authorization,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sim control ${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  state<T = unknown>(): Promise<T> {
    return this.call<T>('GET', '/state');
  }

  setFaults(patch: Record<string, unknown>): Promise<unknown> {
    return this.call('PUT', '/faults', patch);
  }

  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/faults');
  }

  refuseConnections(durationMs: number): Promise<unknown> {
    return this.call('POST', '/faults/refuse', { durationMs });
  }

  async violations(): Promise<unknown[]> {
    return (await this.call<{ violations: unknown[] }>('GET', '/violations')).violations;
  }

  pinLoad(vmid: number, values: Record<string, number>): Promise<unknown> {
    return this.call('POST', '/load', { vmid, ...values });
  }

  async verifyPassword(vmid: number, password: string): Promise<boolean> {
    return (await this.call<{ match: boolean }>('POST', '/verify-password', { vmid, password }))
      .match;
  }
}
