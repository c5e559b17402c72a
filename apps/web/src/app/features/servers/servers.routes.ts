import type { Type } from '@angular/core';
import type { Route } from '@angular/router';

import { SERVER_TABS, type ServerTabPath } from './server-panel/server-tabs';

/** Each tab's page, loaded when the tab is first opened. */
const TAB_PAGES: Record<ServerTabPath, () => Promise<Type<unknown>>> = {
  overview: () => import('./server-panel/overview/overview').then((m) => m.ServerOverview),
  console: () => import('./server-panel/console/console').then((m) => m.ServerConsole),
  stats: () => import('./server-panel/stats/stats').then((m) => m.ServerStats),
  manage: () => import('./server-panel/manage/manage').then((m) => m.ServerManage),
  snapshots: () => import('./server-panel/snapshots/snapshots').then((m) => m.ServerSnapshots),
  resize: () => import('./server-panel/resize/resize').then((m) => m.ServerResize),
  security: () => import('./server-panel/security/security').then((m) => m.ServerSecurity),
};

/** /servers/…: the create page and the ServerPanel, whose tabs are child routes. */
export const serversRoutes: Route[] = [
  { path: '', pathMatch: 'full', redirectTo: '/' },
  {
    path: 'new',
    title: 'Create server · Hostdeck',
    loadComponent: () => import('./create-server/create-server').then((m) => m.CreateServer),
  },
  {
    path: ':id',
    loadComponent: () => import('./server-panel/server-panel').then((m) => m.ServerPanel),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'overview' },
      ...SERVER_TABS.map((tab): Route => ({
        path: tab.path,
        title: `${tab.label} · Server · Hostdeck`,
        loadComponent: TAB_PAGES[tab.path],
      })),
    ],
  },
];
