import {
  type ChangePasswordRequest,
  isStaffRole,
  type LoginRequest,
  type LoginResponse,
  type UserRole,
  type UserView,
} from '@hostdeck/contracts';
import { HttpContext, HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import {
  EMPTY,
  Observable,
  catchError,
  finalize,
  firstValueFrom,
  map,
  shareReplay,
  switchMap,
  tap,
  throwError,
} from 'rxjs';

import { SKIP_LOGIN_REDIRECT, inlineErrorsContext } from '../http/request-context';
import { AuthApi } from './auth-api';
import { TokenStorage } from './token-storage';

/**
 * The logged-in user and their tokens. Tokens live in localStorage (see TokenStorage);
 * the user lives in a signal and is reloaded from GET /api/auth/me when the app starts.
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly api = inject(AuthApi);
  private readonly tokens = inject(TokenStorage);
  private readonly router = inject(Router);

  private readonly currentUser = signal<UserView | null>(null);
  private refreshInFlight: Observable<string> | null = null;
  private restoreInFlight: Promise<boolean> | null = null;

  readonly user = this.currentUser.asReadonly();
  readonly isLoggedIn = computed(() => this.currentUser() !== null);
  readonly role = computed<UserRole | null>(() => this.currentUser()?.role ?? null);
  readonly isStaff = computed(() => {
    const role = this.role();
    return role !== null && isStaffRole(role);
  });

  constructor() {
    this.followOtherTabs();
  }

  accessToken(): string | null {
    return this.tokens.read()?.accessToken ?? null;
  }

  hasTokens(): boolean {
    return this.tokens.read() !== null;
  }

  login(credentials: LoginRequest): Observable<UserView> {
    return this.api.login(credentials).pipe(
      tap((response) => this.startSession(response)),
      map(({ user }) => user),
    );
  }

  /** A new password; the session carries on with the tokens the API answers with. */
  changePassword(body: ChangePasswordRequest): Observable<UserView> {
    return this.api.changePassword(body).pipe(
      tap((response) => this.startSession(response)),
      map(({ user }) => user),
    );
  }

  /**
   * Loads the user behind the stored tokens. Resolves true when a session is active.
   * Concurrent callers (the app initializer and a guard) share one request.
   */
  restore(): Promise<boolean> {
    if (this.isLoggedIn()) return Promise.resolve(true);
    if (!this.hasTokens()) return Promise.resolve(false);
    this.restoreInFlight ??= firstValueFrom(
      this.api.me(new HttpContext().set(SKIP_LOGIN_REDIRECT, true)),
    )
      .then((user) => {
        this.currentUser.set(user);
        return true;
      })
      // A rejected refresh token has already cleared the session (see refreshAccessToken).
      // On a network or server error the tokens stay, so the next guard check tries again.
      .catch(() => false)
      .finally(() => (this.restoreInFlight = null));
    return this.restoreInFlight;
  }

  /** Replaces the user, e.g. after the balance changed. */
  updateUser(user: UserView): void {
    this.currentUser.set(user);
  }

  /**
   * Reloads the user (and so the balance) in the background, e.g. after a charge. A failure
   * keeps the user as they were: the balance is only out of date, and the next reload fixes it.
   */
  refreshUser(): void {
    if (!this.isLoggedIn()) return;
    this.api
      .me(inlineErrorsContext())
      .pipe(catchError(() => EMPTY))
      .subscribe((user) => {
        if (this.isLoggedIn()) this.currentUser.set(user);
      });
  }

  /**
   * Trades the refresh token for new tokens and emits the new access token.
   * The refresh token is single-use, so concurrent callers share ONE request.
   * If the API rejects the refresh token (4xx) the session is cleared.
   */
  refreshAccessToken(): Observable<string> {
    if (this.refreshInFlight) return this.refreshInFlight;
    const stored = this.tokens.read();
    if (!stored) {
      return throwError(() => new Error('No session to refresh'));
    }
    this.refreshInFlight = this.api.refresh({ refreshToken: stored.refreshToken }).pipe(
      tap((response) => this.startSession(response)),
      map(({ accessToken }) => accessToken),
      catchError((error: unknown) => {
        if (isRejection(error)) this.clear();
        return throwError(() => error);
      }),
      finalize(() => (this.refreshInFlight = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.refreshInFlight;
  }

  /** Ends the session here at once, then revokes it on the server (best effort). */
  logout(): void {
    const stored = this.tokens.read();
    this.clear();
    void this.router.navigateByUrl('/login');
    if (!stored) return;
    const { refreshToken, accessToken } = stored;
    this.api
      .logout({ refreshToken }, accessToken)
      .pipe(
        // An expired access token: trade the refresh token once more, then revoke the new one.
        catchError((error: unknown) =>
          error instanceof HttpErrorResponse && error.status === 401
            ? this.api
                .refresh({ refreshToken })
                .pipe(
                  switchMap((fresh) =>
                    this.api.logout({ refreshToken: fresh.refreshToken }, fresh.accessToken),
                  ),
                )
            : throwError(() => error),
        ),
        catchError(() => EMPTY),
      )
      .subscribe();
  }

  /** Forgets the session locally without calling the API. */
  clear(): void {
    this.tokens.clear();
    this.currentUser.set(null);
  }

  private startSession(response: LoginResponse): void {
    this.tokens.write(response);
    this.currentUser.set(response.user);
  }

  /** Another tab logged out or in: follow it, so tabs never act as different sessions. */
  private followOtherTabs(): void {
    const onStorage = (event: StorageEvent): void => {
      if (event.key !== TokenStorage.key && event.key !== null) return;
      if (!this.hasTokens()) {
        if (!this.isLoggedIn()) return;
        this.currentUser.set(null);
        void this.router.navigateByUrl('/login');
      } else if (!this.isLoggedIn()) {
        void this.restore();
      }
    };
    globalThis.addEventListener?.('storage', onStorage);
    inject(DestroyRef).onDestroy(() => globalThis.removeEventListener?.('storage', onStorage));
  }
}

/** The API refused the refresh token (as opposed to a network or server failure). */
function isRejection(error: unknown): boolean {
  return error instanceof HttpErrorResponse && error.status >= 400 && error.status < 500;
}
