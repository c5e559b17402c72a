import {
  API_ROUTES,
  type ChangePasswordRequest,
  type LoginRequest,
  type LoginResponse,
  type LogoutRequest,
  type RefreshRequest,
  type RegisterRequest,
  type RegisterResponse,
  type UserView,
} from '@hostdeck/contracts';
import { HttpClient, HttpContext, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import { inlineErrorsContext } from '../http/request-context';

/** GET /api/auth/me answers with the same envelope as register. */
type MeResponse = RegisterResponse;

/** HTTP calls of the auth module. Session state lives in SessionStore, not here. */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  register(body: RegisterRequest): Observable<RegisterResponse> {
    return this.http.post<RegisterResponse>(API_ROUTES.register, body, {
      context: inlineErrorsContext(),
    });
  }

  login(body: LoginRequest): Observable<LoginResponse> {
    return this.http.post<LoginResponse>(API_ROUTES.login, body, {
      context: inlineErrorsContext(),
    });
  }

  /** Errors are left to the caller: the interceptor reports them with the request that needed the refresh. */
  refresh(body: RefreshRequest): Observable<LoginResponse> {
    return this.http.post<LoginResponse>(API_ROUTES.refresh, body, {
      context: inlineErrorsContext(),
    });
  }

  /** Revokes one session. The access token is passed explicitly: the local session is already gone. */
  logout(body: LogoutRequest, accessToken: string): Observable<void> {
    return this.http
      .post<null>(API_ROUTES.logout, body, {
        headers: new HttpHeaders({ Authorization: `Bearer ${accessToken}` }),
        context: inlineErrorsContext(),
      })
      .pipe(map(() => undefined));
  }

  /** Answers with a new session: the API signs every session out, this one included. */
  changePassword(body: ChangePasswordRequest): Observable<LoginResponse> {
    return this.http.post<LoginResponse>(API_ROUTES.changePassword, body, {
      context: inlineErrorsContext(),
    });
  }

  me(context?: HttpContext): Observable<UserView> {
    return this.http.get<MeResponse>(API_ROUTES.me, { context }).pipe(map(({ user }) => user));
  }
}
