import { createHash } from 'node:crypto';

import { formatPropertyString, parsePropertyString } from '@hostdeck/pve-schema';

import { formatDiskSize, GIB, parseDiskSize } from '../core/sizes';
import type { ConfigValue, CtConfig } from './types';

/** Options that a running container applies at once (pve-container's $LXC_FASTPLUG_OPTIONS). */
const HOTPLUG_OPTIONS = new Set([
  'cores',
  'memory',
  'swap',
  'cpulimit',
  'cpuunits',
  'hostname',
  'description',
  'onboot',
  'startup',
  'protection',
  'tags',
  'hookscript',
  'lock',
]);

export function isHotpluggable(key: string): boolean {
  return HOTPLUG_OPTIONS.has(key) || /^net\d+$/.test(key);
}

/** Options kept as integers in the config (the API returns them unquoted). */
const INTEGER_OPTIONS = new Set([
  'cores',
  'memory',
  'swap',
  'cpuunits',
  'tty',
  'console',
  'onboot',
  'protection',
  'template',
  'unprivileged',
  'debug',
]);
const NUMBER_OPTIONS = new Set(['cpulimit']);
const BOOLEAN_OPTIONS = new Set([
  'console',
  'onboot',
  'protection',
  'template',
  'unprivileged',
  'debug',
]);

/** Converts a request parameter to the value pve-container would store. */
export function toConfigValue(key: string, raw: string): ConfigValue {
  if (BOOLEAN_OPTIONS.has(key))
    return ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase()) ? 1 : 0;
  if (INTEGER_OPTIONS.has(key) || NUMBER_OPTIONS.has(key)) return Number(raw);
  return raw;
}

/** A property string with `first` (name, volume) in front and the other keys sorted, as PVE prints. */
export function printPropertyString(values: Record<string, string>, first?: string): string {
  const sorted: Record<string, string> = {};
  if (first && values[first] !== undefined) sorted[first] = values[first];
  for (const key of Object.keys(values).sort()) if (key !== first) sorted[key] = values[key];
  if (first === 'volume') return formatPropertyString(sorted, 'volume');
  return formatPropertyString(sorted);
}

export function parseNet(value: string): Record<string, string> {
  return parsePropertyString(value);
}

export function printNet(values: Record<string, string>): string {
  return printPropertyString(values, 'name');
}

export function parseMountPoint(value: string): Record<string, string> {
  return parsePropertyString(value, 'volume');
}

export function printMountPoint(values: Record<string, string>): string {
  return printPropertyString(values, 'volume');
}

/** The size of a rootfs/mp value in bytes (from `size=`), or 0. */
export function mountPointSize(value: ConfigValue | undefined): number {
  if (typeof value !== 'string') return 0;
  const size = parseMountPoint(value)['size'];
  return size ? (parseDiskSize(size) ?? 0) : 0;
}

export function withMountPointSize(value: string, bytes: number): string {
  const parsed = parseMountPoint(value);
  parsed['size'] = formatDiskSize(bytes);
  return printMountPoint(parsed);
}

/** `local-lvm:8` (allocate 8 GiB) on create; returns storage and size, or undefined if not that form. */
export function parseAllocation(volume: string): { storage: string; bytes: number } | undefined {
  const match = /^([a-z][a-z0-9\-_.]*[a-z0-9]):(\d+(?:\.\d+)?)$/i.exec(volume);
  if (!match) return undefined;
  return { storage: match[1], bytes: Math.round(Number(match[2]) * GIB) };
}

export function serializeConfig(config: CtConfig): string {
  return Object.keys(config)
    .sort()
    .map((key) => `${key}: ${config[key]}`)
    .join('\n');
}

/** SHA-1 of the config text, like pve-container's `digest`. */
export function configDigest(config: CtConfig): string {
  return createHash('sha1').update(serializeConfig(config)).digest('hex');
}

export function sortedConfig(config: CtConfig): CtConfig {
  const out: CtConfig = {};
  for (const key of Object.keys(config).sort()) out[key] = config[key];
  return out;
}
