import type { UserRole } from '@hostdeck/contracts';
import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';

import { loginUrlTree } from './auth-guard';
import { SessionStore } from './session-store';

/**
 * Pages for some roles only, e.g. `roleGuard(['support', 'admin'])` for the staff area.
 * Without a session it goes to /login; with the wrong role, to the dashboard.
 * The API checks roles on every call: this guard only keeps the UI honest.
 */
export function roleGuard(roles: readonly UserRole[]): CanActivateFn {
  return async (_route, state) => {
    const session = inject(SessionStore);
    const router = inject(Router);
    if (!(await session.restore())) return loginUrlTree(router, state.url);
    const role = session.role();
    return role !== null && roles.includes(role) ? true : router.createUrlTree(['/']);
  };
}
