import type { Route } from '@angular/router';

import { roleGuard } from '../../core/auth/role-guard';
import { ADMIN_ROLES } from '../../core/layout/nav-items';

/**
 * The staff area (support and admin), guarded in app.routes.ts with roleGuard; the admin-only
 * tools are guarded again here. The API checks every role itself: the guards keep the UI honest.
 */
export const staffRoutes: Route[] = [
  {
    path: '',
    title: 'Staff · Hostdeck',
    loadComponent: () => import('./staff-home/staff-home').then((m) => m.StaffHome),
  },
  {
    path: 'tickets',
    loadChildren: () => import('../tickets/tickets.routes').then((m) => m.staffTicketsRoutes),
  },
  {
    path: 'checks',
    title: 'Payment checks · Hostdeck',
    loadComponent: () => import('./checks-review/checks-review').then((m) => m.ChecksReview),
  },
  {
    path: 'users',
    title: 'Users · Hostdeck',
    loadComponent: () => import('./users/users').then((m) => m.Users),
  },
  {
    path: 'servers',
    title: 'All servers · Hostdeck',
    loadComponent: () => import('./all-servers/all-servers').then((m) => m.AllServers),
  },
  {
    path: 'tariffs',
    title: 'Tariffs · Hostdeck',
    canActivate: [roleGuard(ADMIN_ROLES)],
    loadComponent: () => import('./catalog/tariffs').then((m) => m.Tariffs),
  },
  {
    path: 'os',
    title: 'Operating systems · Hostdeck',
    canActivate: [roleGuard(ADMIN_ROLES)],
    loadComponent: () => import('./catalog/operating-systems').then((m) => m.OperatingSystems),
  },
  {
    path: 'outbox',
    title: 'Mail outbox · Hostdeck',
    canActivate: [roleGuard(ADMIN_ROLES)],
    loadComponent: () => import('./outbox/outbox').then((m) => m.Outbox),
  },
  {
    path: 'audit',
    title: 'Audit log · Hostdeck',
    canActivate: [roleGuard(ADMIN_ROLES)],
    loadComponent: () => import('./audit-log/audit-log').then((m) => m.AuditLog),
  },
];
