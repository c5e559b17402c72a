import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { aLoginResponse, aUser, storeTokens } from '../testing/auth-fixtures';
import { aServer } from '../testing/server-fixtures';
import { provideFakeSocket } from '../testing/socket-fixtures';
import { appConfig } from './app.config';

/** The routes end to end: guards, lazy pages and the shell, with the API faked. */
describe('app routes', () => {
  let httpMock: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      // The real app providers; only the HTTP backend is replaced.
      providers: [...appConfig.providers, provideHttpClientTesting(), provideFakeSocket()],
    });
    httpMock = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    // The bell and the billing page load in the background; these specs are about routing.
    for (const request of httpMock.match((r) => /^\/api\/(notifications|billing)\//.test(r.url))) {
      request.flush(request.request.url.includes('unread-count') ? { unreadCount: 0 } : {});
    }
    httpMock.verify();
  });

  /** Navigation is asynchronous (guards, lazy chunks): wait until the request goes out. */
  async function respondTo(url: string, body: object): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const [request] = httpMock.match(url);
      if (request) {
        request.flush(body);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    throw new Error(`No request to ${url}`);
  }

  function byTestId(harness: RouterTestingHarness, testId: string): HTMLElement | null {
    return (harness.routeNativeElement?.ownerDocument ?? document).querySelector(
      `[data-testid="${testId}"]`,
    );
  }

  it('sends a visitor to the login page and back to the page they asked for after logging in', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/billing');
    const router = TestBed.inject(Router);
    expect(router.url).toBe('/login?returnUrl=%2Fbilling');

    for (const [testId, value] of [
      ['login-email', 'alice@example.com'],
      ['login-password', 'secret-pass'],
    ] as const) {
      const input = byTestId(harness, testId) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    byTestId(harness, 'login-submit')?.click();
    httpMock.expectOne('/api/auth/login').flush(aLoginResponse('1'));
    await harness.fixture.whenStable();

    expect(router.url).toBe('/billing');
    expect(byTestId(harness, 'user-menu')?.textContent).toContain('alice@example.com');
  });

  it('shows the dashboard with the balance for a restored session', async () => {
    storeTokens('1');
    const harness = await RouterTestingHarness.create();
    const navigation = harness.navigateByUrl('/');
    await respondTo('/api/auth/me', { user: aUser({ balanceMinor: 250_075 }) });
    await navigation;
    // The dashboard reloads the balance and lists the servers.
    await respondTo('/api/auth/me', { user: aUser({ balanceMinor: 250_075 }) });
    await respondTo('/api/server', []);
    await harness.fixture.whenStable();

    expect(byTestId(harness, 'dashboard-heading')?.textContent).toContain('My servers');
    expect(byTestId(harness, 'dashboard-balance')?.textContent).toContain('$2,500.75');
    expect(byTestId(harness, 'servers-empty')).not.toBeNull();
    expect(byTestId(harness, 'create-server-button')?.getAttribute('href')).toBe('/servers/new');
  });

  it('keeps customers out of the staff area', async () => {
    storeTokens('1');
    const harness = await RouterTestingHarness.create();
    const navigation = harness.navigateByUrl('/staff');
    await respondTo('/api/auth/me', { user: aUser({ role: 'customer' }) });
    await navigation;
    // Sent to the dashboard, which loads the balance and the servers.
    await respondTo('/api/auth/me', { user: aUser({ role: 'customer' }) });
    await respondTo('/api/server', []);

    expect(TestBed.inject(Router).url).toBe('/');
  });

  it('opens the staff area for support', async () => {
    storeTokens('1');
    const harness = await RouterTestingHarness.create();
    const navigation = harness.navigateByUrl('/staff');
    await respondTo('/api/auth/me', { user: aUser({ role: 'support' }) });
    await navigation;

    expect(TestBed.inject(Router).url).toBe('/staff');
    expect(byTestId(harness, 'page-heading')?.textContent).toContain('Staff');
  });

  it('opens a server on its Overview tab, with every tab as a link', async () => {
    storeTokens('1');
    const harness = await RouterTestingHarness.create();
    const navigation = harness.navigateByUrl('/servers/4');
    await respondTo('/api/auth/me', { user: aUser() });
    await navigation;
    await respondTo('/api/server/4', aServer({ hostname: 'web1' }));
    await harness.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/servers/4/overview');
    expect(byTestId(harness, 'server-hostname')?.textContent).toContain('web1');
    expect(byTestId(harness, 'overview-node')?.textContent).toContain('pve1 / 104');
    for (const tab of [
      'overview',
      'console',
      'stats',
      'manage',
      'snapshots',
      'resize',
      'security',
    ]) {
      expect(byTestId(harness, `tab-${tab}`)?.getAttribute('href')).toBe(`/servers/4/${tab}`);
    }
  });

  it('shows the not-found page for an unknown address', async () => {
    storeTokens('1');
    const harness = await RouterTestingHarness.create();
    const navigation = harness.navigateByUrl('/no/such/page');
    await respondTo('/api/auth/me', { user: aUser() });
    await navigation;

    expect(byTestId(harness, 'page-heading')?.textContent).toContain('Page not found');
  });
});
