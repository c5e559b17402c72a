import type { Route } from '@angular/router';

/** The staff area (support and admin). Guarded in app.routes.ts with roleGuard. */
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
];
