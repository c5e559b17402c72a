import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import {
  type ActivatedRouteSnapshot,
  type RouterStateSnapshot,
  Router,
  UrlTree,
  convertToParamMap,
  provideRouter,
} from '@angular/router';

import { aUser, storeTokens } from '../../../testing/auth-fixtures';
import { authGuard, guestGuard, safeReturnUrl } from './auth-guard';
import { SessionStore } from './session-store';

describe('authGuard and guestGuard', () => {
  let httpMock: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    httpMock = TestBed.inject(HttpTestingController);
  });

  afterEach(() => httpMock.verify());

  function urlOf(result: unknown): string {
    expect(result).toBeInstanceOf(UrlTree);
    return TestBed.inject(Router).serializeUrl(result as UrlTree);
  }

  function runAuthGuard(url: string): Promise<unknown> {
    const state = { url } as RouterStateSnapshot;
    return Promise.resolve(
      TestBed.runInInjectionContext(() => authGuard({} as ActivatedRouteSnapshot, state)),
    );
  }

  function runGuestGuard(returnUrl?: string): Promise<unknown> {
    const route = {
      queryParamMap: convertToParamMap(returnUrl ? { returnUrl } : {}),
    } as ActivatedRouteSnapshot;
    return Promise.resolve(
      TestBed.runInInjectionContext(() => guestGuard(route, {} as RouterStateSnapshot)),
    );
  }

  it('authGuard sends a visitor to /login with the page as returnUrl', async () => {
    expect(urlOf(await runAuthGuard('/billing'))).toBe('/login?returnUrl=%2Fbilling');
  });

  it('authGuard restores a stored session before deciding', async () => {
    storeTokens('1');

    const result = runAuthGuard('/billing');
    httpMock.expectOne('/api/auth/me').flush({ user: aUser() });

    await expect(result).resolves.toBe(true);
  });

  it('guestGuard lets visitors see the login page', async () => {
    await expect(runGuestGuard()).resolves.toBe(true);
  });

  it('guestGuard sends a logged-in user on to the returnUrl or the dashboard', async () => {
    storeTokens('1');
    TestBed.inject(SessionStore).updateUser(aUser());

    expect(urlOf(await runGuestGuard('/tickets'))).toBe('/tickets');
    expect(urlOf(await runGuestGuard())).toBe('/');
  });
});

describe('safeReturnUrl', () => {
  it.each([
    ['/servers/4?tab=stats', '/servers/4?tab=stats'],
    [null, '/'],
    ['', '/'],
    ['https://evil.example.com', '/'],
    ['//evil.example.com', '/'],
    ['/\\evil.example.com', '/'],
    ['/login?returnUrl=%2F', '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeReturnUrl(input)).toBe(expected);
  });
});
