import { inject } from '@angular/core';
import { type CanActivateFn, Router, type UrlTree } from '@angular/router';

import { SessionStore } from './session-store';

/** Pages behind a login. Without a session, go to /login and come back afterwards. */
export const authGuard: CanActivateFn = async (_route, state) => {
  // inject() only works before the first await.
  const session = inject(SessionStore);
  const router = inject(Router);
  if (await session.restore()) return true;
  return loginUrlTree(router, state.url);
};

/**
 * Login and register: a logged-in user goes straight on to where they were heading.
 * No restore here: the app initializer has already tried, and retrying a failed restore on
 * the way to /login would only repeat the same error.
 */
export const guestGuard: CanActivateFn = (route) => {
  if (!inject(SessionStore).isLoggedIn()) return true;
  return inject(Router).parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl')));
};

export function loginUrlTree(router: Router, returnUrl: string): UrlTree {
  const queryParams = returnUrl && returnUrl !== '/' ? { returnUrl } : {};
  return router.createUrlTree(['/login'], { queryParams });
}

/**
 * A returnUrl from the query string, accepted only as an in-app path so a crafted link
 * cannot send the user to another site after login.
 */
export function safeReturnUrl(returnUrl: string | null | undefined): string {
  if (!returnUrl || !returnUrl.startsWith('/') || returnUrl.startsWith('//')) return '/';
  if (
    returnUrl.includes('\\') ||
    returnUrl.startsWith('/login') ||
    returnUrl.startsWith('/register')
  ) {
    return '/';
  }
  return returnUrl;
}
