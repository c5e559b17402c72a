import {
  HttpClient,
  HttpErrorResponse,
  provideHttpClient,
  withInterceptors,
} from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import {
  aLoginResponse,
  aUser,
  anErrorBody,
  storeTokens,
  storedTokens,
} from '../../../testing/auth-fixtures';
import { Toast } from '../errors/toast';
import { inlineErrorsContext } from '../http/request-context';
import { authInterceptor } from './auth-interceptor';
import { SessionStore } from './session-store';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class Blank {}

const UNAUTHORIZED = { status: 401, statusText: 'Unauthorized' };
const expired = anErrorBody(401, 'Unauthorized', 'Unauthorized');

describe('authInterceptor', () => {
  let http: HttpClient;
  let httpMock: HttpTestingController;
  let session: SessionStore;
  let router: Router;
  let toast: { showError: jest.Mock; showInfo: jest.Mock };

  beforeEach(async () => {
    localStorage.clear();
    toast = { showError: jest.fn(), showInfo: jest.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: Blank }]),
        { provide: Toast, useValue: toast },
      ],
    });
    http = TestBed.inject(HttpClient);
    httpMock = TestBed.inject(HttpTestingController);
    session = TestBed.inject(SessionStore);
    router = TestBed.inject(Router);
    storeTokens('1');
    session.updateUser(aUser());
    await router.navigateByUrl('/servers/42?tab=stats');
  });

  afterEach(() => httpMock.verify());

  it('adds the bearer token to API requests', () => {
    http.get('/api/server').subscribe();

    const request = httpMock.expectOne('/api/server');
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
    request.flush([]);
  });

  it('sends no token to other hosts or to login', () => {
    http.get('https://example.com/api/server').subscribe();
    http.post('/api/auth/login', { email: 'a@b.co', password: 'x' }).subscribe();

    expect(
      httpMock.expectOne('https://example.com/api/server').request.headers.has('Authorization'),
    ).toBe(false);
    expect(httpMock.expectOne('/api/auth/login').request.headers.has('Authorization')).toBe(false);
  });

  it('on 401 refreshes ONCE for two concurrent requests and retries both with the new token', () => {
    const servers: unknown[] = [];
    const tariffs: unknown[] = [];
    http.get('/api/server').subscribe((body) => servers.push(body));
    http.get('/api/tariffs').subscribe((body) => tariffs.push(body));

    httpMock.expectOne('/api/server').flush(expired, UNAUTHORIZED);
    httpMock.expectOne('/api/tariffs').flush(expired, UNAUTHORIZED);

    // expectOne fails if two refresh calls were made: the refresh token is single-use.
    const refresh = httpMock.expectOne('/api/auth/refresh');
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    expect(refresh.request.headers.has('Authorization')).toBe(false);
    refresh.flush(aLoginResponse('2'));

    const retriedServers = httpMock.expectOne('/api/server');
    const retriedTariffs = httpMock.expectOne('/api/tariffs');
    expect(retriedServers.request.headers.get('Authorization')).toBe('Bearer access-2');
    expect(retriedTariffs.request.headers.get('Authorization')).toBe('Bearer access-2');
    retriedServers.flush([{ id: 1 }]);
    retriedTariffs.flush([{ id: 2 }]);

    expect(servers).toEqual([[{ id: 1 }]]);
    expect(tariffs).toEqual([[{ id: 2 }]]);
    expect(storedTokens()).toEqual({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    expect(session.isLoggedIn()).toBe(true);
  });

  it('retries without refreshing again when another request already refreshed', () => {
    http.get('/api/server').subscribe();
    const stale = httpMock.expectOne('/api/server');
    storeTokens('2'); // rotated meanwhile, e.g. by a request that finished first

    stale.flush(expired, UNAUTHORIZED);

    httpMock.expectNone('/api/auth/refresh');
    const retried = httpMock.expectOne('/api/server');
    expect(retried.request.headers.get('Authorization')).toBe('Bearer access-2');
    retried.flush([]);
  });

  it('when the refresh is refused, clears the session and goes to /login with the returnUrl', () => {
    const navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
    let failure: unknown;
    http.get('/api/server').subscribe({ error: (error: unknown) => (failure = error) });

    httpMock.expectOne('/api/server').flush(expired, UNAUTHORIZED);
    httpMock
      .expectOne('/api/auth/refresh')
      .flush(anErrorBody(401, 'Unauthorized', 'Refresh token reused'), UNAUTHORIZED);

    expect(storedTokens()).toBeNull();
    expect(session.isLoggedIn()).toBe(false);
    expect(session.user()).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/login'], {
      queryParams: { returnUrl: '/servers/42?tab=stats' },
    });
    expect(failure).toBeInstanceOf(HttpErrorResponse);
    expect((failure as HttpErrorResponse).status).toBe(401);
    expect(toast.showError).not.toHaveBeenCalled();
  });

  it('does not retry a request twice when the retry is refused too', () => {
    let failure: unknown;
    http.get('/api/server').subscribe({ error: (error: unknown) => (failure = error) });

    httpMock.expectOne('/api/server').flush(expired, UNAUTHORIZED);
    httpMock.expectOne('/api/auth/refresh').flush(aLoginResponse('2'));
    httpMock.expectOne('/api/server').flush(expired, UNAUTHORIZED);

    httpMock.expectNone('/api/auth/refresh');
    expect((failure as HttpErrorResponse).status).toBe(401);
  });

  it('passes a 401 from login straight to the caller', () => {
    let failure: unknown;
    http
      .post('/api/auth/login', { email: 'alice@example.com', password: 'wrong' })
      .subscribe({ error: (error: unknown) => (failure = error) });

    httpMock
      .expectOne('/api/auth/login')
      .flush(anErrorBody(401, 'Unauthorized', 'Invalid email or password'), UNAUTHORIZED);

    httpMock.expectNone('/api/auth/refresh');
    expect((failure as HttpErrorResponse).status).toBe(401);
    expect(session.isLoggedIn()).toBe(true);
  });

  it('shows a toast for a server error and for a network failure', () => {
    http.get('/api/server').subscribe({ error: () => undefined });
    http.get('/api/tariffs').subscribe({ error: () => undefined });

    httpMock
      .expectOne('/api/server')
      .flush(anErrorBody(503, 'Service Unavailable', 'The Proxmox cluster is unreachable'), {
        status: 503,
        statusText: 'Service Unavailable',
      });
    httpMock.expectOne('/api/tariffs').error(new ProgressEvent('error'), { status: 0 });

    expect(toast.showError).toHaveBeenNthCalledWith(1, 'The Proxmox cluster is unreachable');
    expect(toast.showError).toHaveBeenNthCalledWith(
      2,
      'Cannot reach the Hostdeck server. Check your connection and try again.',
    );
  });

  it('shows no toast for expected errors or for callers that render errors inline', () => {
    http.get('/api/server/9').subscribe({ error: () => undefined });
    http
      .get('/api/tariffs', { context: inlineErrorsContext() })
      .subscribe({ error: () => undefined });

    httpMock.expectOne('/api/server/9').flush(anErrorBody(404, 'Not Found', 'Server not found'), {
      status: 404,
      statusText: 'Not Found',
    });
    httpMock.expectOne('/api/tariffs').flush(anErrorBody(500, 'Internal Server Error', 'boom'), {
      status: 500,
      statusText: 'Internal Server Error',
    });

    expect(toast.showError).not.toHaveBeenCalled();
  });
});
