import type { UserRole } from '@hostdeck/contracts';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import {
  type ActivatedRouteSnapshot,
  type RouterStateSnapshot,
  Router,
  UrlTree,
  provideRouter,
} from '@angular/router';

import { aUser, storeTokens } from '../../../testing/auth-fixtures';
import { roleGuard } from './role-guard';
import { SessionStore } from './session-store';

describe('roleGuard', () => {
  const staffOnly = roleGuard(['support', 'admin']);
  const state = { url: '/staff' } as RouterStateSnapshot;
  const route = {} as ActivatedRouteSnapshot;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
  });

  function logInAs(role: UserRole): void {
    storeTokens('1');
    TestBed.inject(SessionStore).updateUser(aUser({ role }));
  }

  function runGuard(): Promise<unknown> {
    return Promise.resolve(TestBed.runInInjectionContext(() => staffOnly(route, state)));
  }

  function serialize(result: unknown): string {
    expect(result).toBeInstanceOf(UrlTree);
    return TestBed.inject(Router).serializeUrl(result as UrlTree);
  }

  it.each<UserRole>(['support', 'admin'])('lets %s in', async (role) => {
    logInAs(role);

    await expect(runGuard()).resolves.toBe(true);
  });

  it('sends a customer to the dashboard', async () => {
    logInAs('customer');

    expect(serialize(await runGuard())).toBe('/');
  });

  it('sends a visitor without a session to /login with the returnUrl', async () => {
    expect(serialize(await runGuard())).toBe('/login?returnUrl=%2Fstaff');
  });
});
