import type { AppIconName } from '../../../core/icons/app-icons';

export interface ServerTab {
  /** The child route under /servers/:id, also the tab's test id (tab-<path>). */
  readonly path: ServerTabPath;
  readonly label: string;
  readonly icon: AppIconName;
}

export const SERVER_TAB_PATHS = [
  'overview',
  'console',
  'stats',
  'manage',
  'snapshots',
  'resize',
  'security',
] as const;
export type ServerTabPath = (typeof SERVER_TAB_PATHS)[number];

/** The ServerPanel's tabs, in order. Each is a lazy child route (servers.routes.ts). */
export const SERVER_TABS: readonly ServerTab[] = [
  { path: 'overview', label: 'Overview', icon: 'info' },
  { path: 'console', label: 'Console', icon: 'console' },
  { path: 'stats', label: 'Stats', icon: 'stats' },
  { path: 'manage', label: 'Manage', icon: 'power' },
  { path: 'snapshots', label: 'Snapshots', icon: 'history' },
  { path: 'resize', label: 'Resize', icon: 'tune' },
  { path: 'security', label: 'Security', icon: 'key' },
];
