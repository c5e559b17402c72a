import { MIB } from '../core/sizes';
import type { TemplateVolume } from './types';

export interface ApplianceInfo {
  template: string;
  package: string;
  version: string;
  os: string;
  headline: string;
  description: string;
  section: string;
  size: number;
}

/** The appliance index (`pveam available`) the simulator offers; the first three are seeded. */
export const APPLIANCES: ApplianceInfo[] = [
  {
    template: 'debian-12-standard_12.7-1_amd64.tar.zst',
    package: 'debian-12-standard',
    version: '12.7-1',
    os: 'debian-12',
    headline: 'Debian 12 Bookworm (standard)',
    description: 'A small Debian Bookworm system including all standard packages.',
    section: 'system',
    size: 126 * MIB,
  },
  {
    template: 'ubuntu-24.04-standard_24.04-2_amd64.tar.zst',
    package: 'ubuntu-24.04-standard',
    version: '24.04-2',
    os: 'ubuntu-24.04',
    headline: 'Ubuntu 24.04 Noble (standard)',
    description: 'A small Ubuntu 24.04 Noble Numbat system including all standard packages.',
    section: 'system',
    size: 141 * MIB,
  },
  {
    template: 'almalinux-9-default_20240911_amd64.tar.xz',
    package: 'almalinux-9-default',
    version: '20240911',
    os: 'almalinux-9',
    headline: 'AlmaLinux 9 (default)',
    description: 'LXC default image for almalinux 9 (20240911)',
    section: 'system',
    size: 101 * MIB,
  },
  {
    template: 'alpine-3.22-default_20250617_amd64.tar.xz',
    package: 'alpine-3.22-default',
    version: '20250617',
    os: 'alpine-3.22',
    headline: 'Alpine Linux 3.22 (default)',
    description: 'LXC default image for alpine 3.22 (20250617)',
    section: 'system',
    size: 3 * MIB,
  },
  {
    template: 'debian-13-standard_13.1-2_amd64.tar.zst',
    package: 'debian-13-standard',
    version: '13.1-2',
    os: 'debian-13',
    headline: 'Debian 13 Trixie (standard)',
    description: 'A small Debian Trixie system including all standard packages.',
    section: 'system',
    size: 123 * MIB,
  },
  {
    template: 'rockylinux-9-default_20240912_amd64.tar.xz',
    package: 'rockylinux-9-default',
    version: '20240912',
    os: 'rockylinux-9',
    headline: 'Rocky Linux 9 (default)',
    description: 'LXC default image for rockylinux 9 (20240912)',
    section: 'system',
    size: 105 * MIB,
  },
];

export const SEEDED_TEMPLATES = APPLIANCES.slice(0, 3);

/** 2026-01-15: when the seeded templates were "downloaded". */
const SEEDED_CTIME = 1768435200;

export function templateVolume(info: ApplianceInfo, ctime = SEEDED_CTIME): TemplateVolume {
  return {
    volid: `local:vztmpl/${info.template}`,
    size: info.size,
    format: info.template.endsWith('.tar.zst') ? 'tzst' : 'txz',
    ctime,
  };
}

/** The ostype pve-container detects from a template. */
export function ostypeForTemplate(volid: string): string {
  const file = volid.replace(/^.*\//, '');
  if (file.startsWith('ubuntu')) return 'ubuntu';
  if (/^(almalinux|rockylinux|centos)/.test(file)) return 'centos';
  if (file.startsWith('alpine')) return 'alpine';
  if (file.startsWith('fedora')) return 'fedora';
  if (file.startsWith('archlinux')) return 'archlinux';
  return 'debian';
}

/** What the console greeting calls the system. */
export function osNameForTemplate(volid: string): string {
  const file = volid.replace(/^.*\//, '');
  if (file.startsWith('ubuntu-24.04')) return 'Ubuntu 24.04.2 LTS';
  if (file.startsWith('almalinux-9')) return 'AlmaLinux 9.4 (Seafoam Ocelot)';
  if (file.startsWith('rockylinux-9')) return 'Rocky Linux 9.4 (Blue Onyx)';
  if (file.startsWith('alpine')) return 'Welcome to Alpine Linux 3.22';
  if (file.startsWith('debian-13')) return 'Debian GNU/Linux 13';
  return 'Debian GNU/Linux 12';
}
