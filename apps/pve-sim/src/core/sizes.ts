export const KIB = 1024;
export const MIB = 1024 * KIB;
export const GIB = 1024 * MIB;
export const TIB = 1024 * GIB;

const UNITS: Record<string, number> = { '': 1, K: KIB, M: MIB, G: GIB, T: TIB };

/** `8G`, `512M`, `1.5T`, `4096` (bytes), as pve-common's disk-size format. */
export function parseDiskSize(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([KMGT])?$/.exec(value);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNITS[match[2] ?? '']);
}

/** Bytes as Proxmox prints volume sizes: the largest unit that divides evenly. */
export function formatDiskSize(bytes: number): string {
  for (const unit of ['T', 'G', 'M', 'K'] as const) {
    if (bytes % UNITS[unit] === 0) return `${bytes / UNITS[unit]}${unit}`;
  }
  return String(bytes);
}
