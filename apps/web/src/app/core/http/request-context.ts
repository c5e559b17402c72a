import { HttpContext, HttpContextToken } from '@angular/common/http';

/** The caller renders this request's errors itself, so the interceptor shows no toast. */
export const HANDLES_ERRORS_INLINE = new HttpContextToken<boolean>(() => false);

/**
 * When the session cannot be refreshed, clear it but do not navigate to /login.
 * Used while restoring the session at start-up, where the guards decide where to go.
 */
export const SKIP_LOGIN_REDIRECT = new HttpContextToken<boolean>(() => false);

export function inlineErrorsContext(context = new HttpContext()): HttpContext {
  return context.set(HANDLES_ERRORS_INLINE, true);
}
