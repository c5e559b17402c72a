import type { SimContext } from '../sim-context';
import { containerAddresses } from './lifecycle';
import { Params, requireInt } from './params';

/** GET .../interfaces: a stopped container has none (PVE answers null). */
export function listInterfaces(sim: SimContext, params: Params): unknown[] | null {
  const ct = sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
  if (ct.status !== 'running') return null;
  const addresses = containerAddresses(sim, ct);
  const out: unknown[] = [
    {
      name: 'lo',
      hwaddr: '00:00:00:00:00:00',
      'hardware-address': '00:00:00:00:00:00',
      inet: '127.0.0.1/8',
      inet6: '::1/128',
      'ip-addresses': [
        { 'ip-address': '127.0.0.1', 'ip-address-type': 'inet', prefix: 8 },
        { 'ip-address': '::1', 'ip-address-type': 'inet6', prefix: 128 },
      ],
    },
  ];
  for (const [key, value] of Object.entries(ct.config).sort(([a], [b]) => a.localeCompare(b))) {
    if (!/^net\d+$/.test(key) || typeof value !== 'string') continue;
    const net = Object.fromEntries(
      value.split(',').map((part) => part.split('=') as [string, string]),
    );
    const hwaddr = (net['hwaddr'] ?? '').toLowerCase();
    const inet = addresses[key];
    const mac = hwaddr.split(':');
    const inet6 = `fe80::${mac[0] ? (parseInt(mac[0], 16) ^ 2).toString(16) : '0'}${mac[1] ?? ''}:${mac[2] ?? ''}ff:fe${mac[3] ?? ''}:${mac[4] ?? ''}${mac[5] ?? ''}/64`;
    const ipAddresses: unknown[] = [];
    if (inet) {
      const [address, prefix] = inet.split('/');
      ipAddresses.push({
        'ip-address': address,
        'ip-address-type': 'inet',
        prefix: Number(prefix),
      });
    }
    ipAddresses.push({ 'ip-address': inet6.split('/')[0], 'ip-address-type': 'inet6', prefix: 64 });
    out.push({
      name: net['name'] ?? key,
      hwaddr,
      'hardware-address': hwaddr,
      ...(inet ? { inet } : {}),
      inet6,
      'ip-addresses': ipAddresses,
    });
  }
  return out;
}
