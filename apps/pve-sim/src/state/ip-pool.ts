import type { IpPoolOption } from '../options';

function toNumber(ip: string): number {
  return ip.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

function toText(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Hands out IPv4 addresses to containers whose net has `ip=dhcp`, like a DHCP server would. */
export class IpPool {
  readonly prefix: number;
  private readonly network: number;
  private readonly first: number;
  private readonly last: number;
  readonly gateway: string;

  constructor(pool: Required<IpPoolOption>) {
    const [address, prefix] = pool.cidr.split('/');
    this.prefix = Number(prefix);
    const size = 2 ** (32 - this.prefix);
    this.network = toNumber(address) - (toNumber(address) % size);
    this.first = this.network + pool.firstHost;
    this.last = this.network + size - 2;
    this.gateway = toText(this.network + pool.gatewayHost);
  }

  /** The lowest free address; undefined when the pool is exhausted. */
  allocate(inUse: Iterable<string>): string | undefined {
    const used = new Set(inUse);
    for (let value = this.first; value <= this.last; value++) {
      const candidate = toText(value);
      if (!used.has(candidate) && candidate !== this.gateway) return candidate;
    }
    return undefined;
  }

  withPrefix(address: string): string {
    return `${address}/${this.prefix}`;
  }
}
