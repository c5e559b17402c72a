import type { Route } from '@angular/router';

import { authGuard, guestGuard } from './core/auth/auth-guard';
import { roleGuard } from './core/auth/role-guard';

export const appRoutes: Route[] = [
  {
    path: 'login',
    canActivate: [guestGuard],
    title: 'Log in · Hostdeck',
    loadComponent: () => import('./features/auth/login/login').then((m) => m.Login),
  },
  {
    path: 'register',
    canActivate: [guestGuard],
    title: 'Create account · Hostdeck',
    loadComponent: () => import('./features/auth/register/register').then((m) => m.Register),
  },
  {
    path: '',
    canActivate: [authGuard],
    loadComponent: () => import('./core/layout/shell/shell').then((m) => m.Shell),
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: 'My servers · Hostdeck',
        loadComponent: () =>
          import('./features/servers/server-list/server-list').then((m) => m.ServerList),
      },
      {
        path: 'servers',
        loadChildren: () =>
          import('./features/servers/servers.routes').then((m) => m.serversRoutes),
      },
      {
        path: 'billing',
        title: 'Billing · Hostdeck',
        loadComponent: () =>
          import('./features/billing/billing-page/billing-page').then((m) => m.BillingPage),
      },
      {
        path: 'tickets',
        loadChildren: () =>
          import('./features/tickets/tickets.routes').then((m) => m.ticketsRoutes),
      },
      {
        path: 'account',
        title: 'Account · Hostdeck',
        loadComponent: () => import('./features/account/account').then((m) => m.Account),
      },
      {
        path: 'staff',
        canActivate: [roleGuard(['support', 'admin'])],
        loadChildren: () => import('./features/staff/staff.routes').then((m) => m.staffRoutes),
      },
      {
        path: '**',
        title: 'Page not found · Hostdeck',
        loadComponent: () => import('./features/not-found/not-found').then((m) => m.NotFound),
      },
    ],
  },
];
