import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import {
  aLoginResponse,
  aUser,
  anErrorBody,
  storeTokens,
  storedTokens,
} from '../../../testing/auth-fixtures';
import { SessionStore } from './session-store';

describe('SessionStore', () => {
  let sut: SessionStore;
  let httpMock: HttpTestingController;
  let router: Router;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    sut = TestBed.inject(SessionStore);
    httpMock = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
  });

  afterEach(() => httpMock.verify());

  it('starts logged out', () => {
    expect(sut.isLoggedIn()).toBe(false);
    expect(sut.user()).toBeNull();
    expect(sut.role()).toBeNull();
  });

  it('login stores the tokens and the user', () => {
    const emitted: unknown[] = [];
    sut
      .login({ email: 'alice@example.com', password: 'secret-pass' })
      .subscribe((user) => emitted.push(user));

    const request = httpMock.expectOne('/api/auth/login');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ email: 'alice@example.com', password: 'secret-pass' });
    request.flush(aLoginResponse('1', { role: 'support' }));

    expect(storedTokens()).toEqual({ accessToken: 'access-1', refreshToken: 'refresh-1' });
    expect(sut.accessToken()).toBe('access-1');
    expect(sut.user()).toEqual(aUser({ role: 'support' }));
    expect(sut.isLoggedIn()).toBe(true);
    expect(sut.role()).toBe('support');
    expect(sut.isStaff()).toBe(true);
    expect(emitted).toEqual([aUser({ role: 'support' })]);
  });

  it('refreshUser reloads the balance and keeps the user when that fails', () => {
    storeTokens('1');
    sut.updateUser(aUser({ balanceMinor: 100 }));

    sut.refreshUser();
    httpMock.expectOne('/api/auth/me').flush({ user: aUser({ balanceMinor: 83 }) });
    expect(sut.user()?.balanceMinor).toBe(83);

    sut.refreshUser();
    httpMock.expectOne('/api/auth/me').error(new ProgressEvent('error'), { status: 0 });
    expect(sut.user()?.balanceMinor).toBe(83);
  });

  it('refreshUser does nothing without a session', () => {
    sut.refreshUser();
    httpMock.expectNone('/api/auth/me');
  });

  it('a failed login stores nothing', () => {
    sut
      .login({ email: 'alice@example.com', password: 'wrong' })
      .subscribe({ error: () => undefined });

    httpMock
      .expectOne('/api/auth/login')
      .flush(anErrorBody(401, 'Unauthorized', 'Invalid email or password'), {
        status: 401,
        statusText: 'Unauthorized',
      });

    expect(storedTokens()).toBeNull();
    expect(sut.isLoggedIn()).toBe(false);
  });

  it('logout clears the session, goes to /login and revokes the refresh token', () => {
    sut.login({ email: 'alice@example.com', password: 'secret-pass' }).subscribe();
    httpMock.expectOne('/api/auth/login').flush(aLoginResponse('1'));

    sut.logout();

    expect(storedTokens()).toBeNull();
    expect(sut.user()).toBeNull();
    expect(sut.isLoggedIn()).toBe(false);
    expect(router.navigateByUrl).toHaveBeenCalledWith('/login');
    const revoke = httpMock.expectOne('/api/auth/logout');
    expect(revoke.request.body).toEqual({ refreshToken: 'refresh-1' });
    expect(revoke.request.headers.get('Authorization')).toBe('Bearer access-1');
    revoke.flush(null, { status: 204, statusText: 'No Content' });
  });

  it('restore loads the user behind stored tokens from /api/auth/me', async () => {
    storeTokens('1');

    const restored = sut.restore();
    httpMock.expectOne('/api/auth/me').flush({ user: aUser({ role: 'admin' }) });

    await expect(restored).resolves.toBe(true);
    expect(sut.user()).toEqual(aUser({ role: 'admin' }));
    expect(sut.role()).toBe('admin');
  });

  it('restore without tokens stays logged out and calls nothing', async () => {
    await expect(sut.restore()).resolves.toBe(false);
    httpMock.expectNone('/api/auth/me');
  });

  it('restore keeps the tokens when the server is unreachable, so a later check can retry', async () => {
    storeTokens('1');

    const restored = sut.restore();
    httpMock.expectOne('/api/auth/me').error(new ProgressEvent('error'), { status: 0 });

    await expect(restored).resolves.toBe(false);
    expect(sut.isLoggedIn()).toBe(false);
    expect(storedTokens()).toEqual({ accessToken: 'access-1', refreshToken: 'refresh-1' });
  });

  it('follows a logout in another tab', () => {
    sut.login({ email: 'alice@example.com', password: 'secret-pass' }).subscribe();
    httpMock.expectOne('/api/auth/login').flush(aLoginResponse('1'));

    localStorage.clear();
    window.dispatchEvent(new StorageEvent('storage', { key: 'hostdeck.session', newValue: null }));

    expect(sut.isLoggedIn()).toBe(false);
    expect(router.navigateByUrl).toHaveBeenCalledWith('/login');
  });
});
