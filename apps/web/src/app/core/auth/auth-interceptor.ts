import { API_ROUTES } from '@hostdeck/contracts';
import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { Observable, catchError, of, switchMap, throwError } from 'rxjs';

import { unexpectedErrorMessage } from '../errors/api-error';
import { Toast } from '../errors/toast';
import { HANDLES_ERRORS_INLINE, SKIP_LOGIN_REDIRECT } from '../http/request-context';
import { SessionStore } from './session-store';

/** Auth routes that never carry a bearer token. */
const PUBLIC_AUTH_ROUTES: readonly string[] = [
  API_ROUTES.login,
  API_ROUTES.register,
  API_ROUTES.refresh,
];
/** Auth routes whose 401 is an answer, not an expired access token. */
const NO_REFRESH_ROUTES: readonly string[] = [...PUBLIC_AUTH_ROUTES, API_ROUTES.logout];

/**
 * The one interceptor for API calls (STYLE §6):
 * - adds `Authorization: Bearer <access token>`;
 * - on a 401 refreshes the session once (concurrent 401s share one refresh) and retries;
 *   when the refresh is refused it clears the session and goes to /login?returnUrl=…;
 * - shows a toast for unexpected failures (network down, 5xx) unless the caller
 *   renders errors itself.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiUrl(request.url)) return next(request);

  const session = inject(SessionStore);
  const router = inject(Router);
  const toast = inject(Toast);

  const report = (error: unknown): Observable<never> => {
    const message = request.context.get(HANDLES_ERRORS_INLINE)
      ? null
      : unexpectedErrorMessage(error);
    if (message) toast.showError(message);
    return throwError(() => error);
  };

  const sentToken = isPublicAuthRoute(request.url) ? null : session.accessToken();
  return next(withBearer(request, sentToken)).pipe(
    catchError((error: unknown) => {
      const canRefresh =
        error instanceof HttpErrorResponse &&
        error.status === 401 &&
        sentToken !== null &&
        !NO_REFRESH_ROUTES.includes(pathOf(request.url));
      if (!canRefresh) return report(error);

      // Another request may have refreshed already: then retry with its token at once.
      const current = session.accessToken();
      const freshToken$ =
        current !== null && current !== sentToken ? of(current) : session.refreshAccessToken();

      return freshToken$.pipe(
        catchError((refreshError: unknown) => {
          if (session.hasTokens()) return report(refreshError);
          // The session is gone: the refresh token was refused or another tab logged out.
          if (!request.context.get(SKIP_LOGIN_REDIRECT)) redirectToLogin(router);
          return throwError(() => error);
        }),
        switchMap((token) => next(withBearer(request, token)).pipe(catchError(report))),
      );
    }),
  );
};

function withBearer(request: HttpRequest<unknown>, token: string | null): HttpRequest<unknown> {
  if (token === null || request.headers.has('Authorization')) return request;
  return request.clone({ setHeaders: { Authorization: `Bearer ${token}` } });
}

function redirectToLogin(router: Router): void {
  const returnUrl = router.url;
  if (returnUrl.startsWith('/login')) return;
  void router.navigate(['/login'], {
    queryParams: returnUrl && returnUrl !== '/' ? { returnUrl } : {},
  });
}

function pathOf(url: string): string {
  return url.split(/[?#]/)[0] ?? url;
}

/** Only relative same-origin API calls get a token: it must never reach another host. */
function isApiUrl(url: string): boolean {
  const path = pathOf(url);
  return path === '/api' || path.startsWith('/api/');
}

function isPublicAuthRoute(url: string): boolean {
  return PUBLIC_AUTH_ROUTES.includes(pathOf(url));
}
