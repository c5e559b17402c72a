/**
 * Named string formats of Proxmox's JSONSchema dialect (pve-common JSONSchema.pm). Formats we do
 * not know are accepted: the schema is the authority on shape, not on every named validator.
 */
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]+(%[\w.-]+)?$/;
const CIDR4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
const CIDR6 = /^[0-9a-fA-F:]+\/(12[0-8]|1[01]\d|\d?\d)$/;
const DNS_LABEL = '[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?';
const DNS_NAME = new RegExp(`^(${DNS_LABEL}\\.)*${DNS_LABEL}$`);

export const PVE_STRING_FORMATS: Record<string, (value: string) => boolean> = {
  'pve-node': (v) => /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(v),
  'pve-vmid': (v) => /^[1-9]\d{2,8}$/.test(v),
  'pve-configid': (v) => /^[a-z][a-z0-9_-]+$/i.test(v),
  'pve-configid-list': (v) =>
    v
      .split(/[,;\s]+/)
      .filter(Boolean)
      .every((id) => /^[a-z][a-z0-9_-]+$/i.test(id)),
  'pve-storage-id': (v) => /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i.test(v),
  'pve-volume-id': (v) => /^[a-z][a-z0-9\-_.]*[a-z0-9]:.+$/i.test(v),
  'pve-realm': (v) => /^[A-Za-z][A-Za-z0-9.\-_]+$/.test(v),
  'pve-poolid': (v) => /^[A-Za-z0-9\-_]+$/.test(v),
  'dns-name': (v) => v.length <= 255 && DNS_NAME.test(v),
  'dns-name-list': (v) =>
    v
      .split(/[,;\s]+/)
      .filter(Boolean)
      .every((name) => DNS_NAME.test(name)),
  'disk-size': (v) => /^\d+(\.\d+)?[KMGT]?$/.test(v),
  ipv4: (v) => IPV4.test(v),
  ipv6: (v) => IPV6.test(v) && v.includes(':'),
  'mac-addr': (v) => /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(v),
  'pve-ipv4-config': (v) => v === 'dhcp' || v === 'manual' || CIDR4.test(v),
  'pve-ipv6-config': (v) => v === 'auto' || v === 'dhcp' || v === 'manual' || CIDR6.test(v),
  'pve-tag-list': (v) => /^[a-z0-9_][a-z0-9_\-+.]*(;[a-z0-9_][a-z0-9_\-+.]*)*$/i.test(v),
};

/** Booleans as pveproxy parses them (pve-common parse_boolean). */
export const PVE_BOOLEAN_STRINGS = ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'];

export function isPveBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return true;
  if (typeof value === 'number') return value === 0 || value === 1;
  return typeof value === 'string' && PVE_BOOLEAN_STRINGS.includes(value.toLowerCase());
}

export function parsePveBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  return typeof value === 'string' && ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

/** Perl's `(?^:...)` groups become plain non-capturing groups; PVE patterns are implicitly anchored. */
export function perlPatternToJs(pattern: string): string {
  const body = pattern.replace(/\(\?\^:/g, '(?:').replace(/\\0/g, '\\x00');
  return `^(?:${body})$`;
}
