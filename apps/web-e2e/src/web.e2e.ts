import type { BrowserContextOptions, Locator } from 'playwright-core';

import {
  expectEventually,
  expectHidden,
  expectStays,
  expectText,
  expectUrl,
  expectVisible,
} from './support/assertions';
import type { PageTest } from './support/browser';
import { describeInBrowser, PASSWORD, useBrowserHarness, warnIfSkipped } from './support/harness';
import { logIn, registerThroughApi, submitLoginForm, uniqueEmail } from './support/hostdeck';

const ADMIN_EMAIL = 'e2e-admin@example.com';
const ADMIN_PASSWORD = 'e2e-admin-password-1';

warnIfSkipped();

describeInBrowser('Hostdeck in a real browser', () => {
  const harness = useBrowserHarness({ adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD });
  const { baseUrl } = harness;

  /** A test in a fresh browser context; see runInPage for what fails it besides its own checks. */
  const browserTest = (
    name: string,
    body: (test: PageTest) => Promise<void>,
    context?: BrowserContextOptions,
  ) => harness.browserTest(name, body, { context });

  test('the harness fails a test on a page console error or a request to another host', async () => {
    const options = { name: 'harness self-test', screenshotOnFailure: false };
    await expect(
      harness.inBrowser(options, async ({ page }) => {
        await page.goto('/login');
        await page.evaluate('console.error("planted error")');
      }),
    ).rejects.toThrow(/console error .*planted error/);
    await expect(
      harness.inBrowser(options, async ({ page }) => {
        await page.goto('/login');
        // Blocked by the harness: the navigation itself fails, the test must fail too.
        await page.goto('http://example.com/').catch(() => undefined);
      }),
    ).rejects.toThrow('request to a foreign host: GET http://example.com/');
  });

  browserTest('logged out, the root URL shows the Hostdeck login page', async ({ page }) => {
    await page.goto('/');

    await expectUrl(page, '/login');
    await expectVisible(page.getByTestId('login-email'), 'the email field');
    await expectVisible(page.getByTestId('login-password'), 'the password field');
    await expectVisible(page.getByText('Hostdeck', { exact: true }), 'the Hostdeck brand');
    await expectVisible(page.getByRole('heading', { name: 'Log in' }), 'the "Log in" heading');
    expect(await page.title()).toContain('Hostdeck');

    // The global stylesheet (theme colour of links, toast colours) applies, not only the
    // critical CSS inlined into index.html: the link wears the brand's primary colour.
    const brand = page.getByText('Hostdeck', { exact: true });
    const link = page.getByTestId('register-link');
    let colors = { brand: '', link: '' };
    await expectEventually(
      async () => {
        colors = { brand: await colorOf(brand), link: await colorOf(link) };
        return colors.link === colors.brand;
      },
      () =>
        `Expected the "Create an account" link in the theme's primary colour ${colors.brand} ` +
        `(like the brand), but it is ${colors.link}: the global stylesheet is not applied`,
    );
  });

  browserTest(
    'registering opens the dashboard with the new email, and a reload keeps the session',
    async ({ page }) => {
      const email = uniqueEmail('register');
      await page.goto('/register');
      await page.getByTestId('register-email').fill(email);
      await page.getByTestId('register-password').fill(PASSWORD);
      await page.getByTestId('register-submit').click();

      await expectUrl(page, '/');
      await expectVisible(page.getByTestId('dashboard-heading'), 'the dashboard heading');
      await expectText(
        page.getByTestId('dashboard-heading'),
        'My servers',
        'the dashboard heading',
      );
      await expectText(page.getByTestId('user-menu'), email, 'the user menu');
      await expectText(page.getByTestId('dashboard-balance'), '$0.00', 'the balance');

      await page.reload();

      await expectUrl(page, '/');
      await expectVisible(page.getByTestId('dashboard-heading'), 'the dashboard after a reload');
      await expectText(page.getByTestId('user-menu'), email, 'the user menu after a reload');
    },
  );

  browserTest(
    'logging out returns to login; a deep link then asks to log in and comes back after',
    async ({ page }) => {
      const email = uniqueEmail('logout');
      await registerThroughApi(baseUrl(), email, PASSWORD);
      await logIn(page, email, PASSWORD);

      await page.getByTestId('user-menu').click();
      await page.getByTestId('logout').click();

      await expectUrl(page, '/login');
      await expectVisible(page.getByTestId('login-email'), 'the login form');

      // The dashboard itself needs no returnUrl: it is where a login lands anyway.
      await page.goto('/');
      await expectUrl(page, '/login');
      await expectVisible(page.getByTestId('login-email'), 'the login form');

      await page.goto('/billing');
      await expectUrl(page, '/login', { returnUrl: '/billing' });
      await submitLoginForm(page, email, PASSWORD);

      await expectUrl(page, '/billing');
      await expectText(page.getByTestId('page-heading'), 'Billing', 'the page heading');
      await expectText(page.getByTestId('user-menu'), email, 'the user menu');
    },
  );

  browserTest('a wrong password shows an error and stays on the login page', async (t) => {
    const { page } = t;
    // The browser logs the rejected request (401) itself; that is expected here.
    t.allowConsoleError(/status of 401/);
    const email = uniqueEmail('wrong-password');
    await registerThroughApi(baseUrl(), email, PASSWORD);

    await page.goto('/login');
    await submitLoginForm(page, email, 'not the right password');

    await expectText(
      page.getByTestId('login-error'),
      'Invalid email or password',
      'the login error',
    );
    await expectStays(
      () => new URL(page.url()).pathname === '/login',
      () => `Expected to stay on /login, but the page went to ${page.url()}`,
    );
    await expectVisible(page.getByTestId('login-email'), 'the login form');
    await expectHidden(page.getByTestId('dashboard-heading'), 'the dashboard');
  });

  browserTest('registering a taken email says it is already registered', async (t) => {
    const { page } = t;
    t.allowConsoleError(/status of 409/);
    const email = uniqueEmail('taken');
    await registerThroughApi(baseUrl(), email, PASSWORD);

    await page.goto('/register');
    await page.getByTestId('register-email').fill(email);
    await page.getByTestId('register-password').fill(PASSWORD);
    await page.getByTestId('register-submit').click();

    await expectText(
      page.getByTestId('register-error'),
      'This email is already registered',
      'the register error',
    );
    await expectUrl(page, '/register');
    await expectVisible(
      page.getByTestId('register-error').getByRole('link', { name: 'log in instead' }),
      'the "log in instead" link',
    );
  });

  browserTest(
    'a too-short password is caught in the browser before any request',
    async ({ page }) => {
      const registerPosts: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().includes('/api/auth/register')) {
          registerPosts.push(request.url());
        }
      });
      await page.goto('/register');
      await page.getByTestId('register-email').fill(uniqueEmail('short-password'));
      await page.getByTestId('register-password').fill('short');
      await page.getByTestId('register-submit').click();

      await expectVisible(
        page.locator('mat-error', { hasText: 'Use at least 8 characters' }),
        'the "Use at least 8 characters" field error',
      );
      await expectStays(
        () => registerPosts.length === 0 && new URL(page.url()).pathname === '/register',
        () =>
          `Expected no account to be created, but saw ${registerPosts.length} POST(s) and ${page.url()}`,
      );
    },
  );

  browserTest('a customer sees no Staff item and is sent away from /staff', async ({ page }) => {
    const email = uniqueEmail('customer');
    await registerThroughApi(baseUrl(), email, PASSWORD);
    await logIn(page, email, PASSWORD);

    await expectVisible(page.getByTestId('nav-servers'), 'the Servers nav item');
    await expectVisible(page.getByTestId('nav-billing'), 'the Billing nav item');
    await expectVisible(page.getByTestId('nav-tickets'), 'the Tickets nav item');
    expect(await page.getByTestId('nav-staff').count()).toBe(0);

    await page.goto('/staff');

    await expectUrl(page, '/');
    await expectVisible(page.getByTestId('dashboard-heading'), 'the dashboard');
    expect(await page.getByTestId('nav-staff').count()).toBe(0);
  });

  browserTest('the admin sees the Staff item and can open the staff area', async ({ page }) => {
    await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);

    await expectText(page.getByTestId('user-menu'), ADMIN_EMAIL, 'the user menu');
    await page.getByTestId('nav-staff').click();

    await expectUrl(page, '/staff');
    await expectText(page.getByTestId('page-heading'), 'Staff', 'the page heading');
    await expectVisible(page.getByText('Signed in as admin'), 'the role line');
    expect(await page.title()).toContain('Staff');
  });

  browserTest(
    'an unknown deep link gets the app and its not-found page; an unknown API path gets JSON',
    async ({ page }) => {
      const email = uniqueEmail('not-found');
      await registerThroughApi(baseUrl(), email, PASSWORD);

      const response = await page.goto('/some/unknown/route');
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-type']).toMatch(/^text\/html/);
      expect(await response?.text()).toContain('<app-root');

      // Logged out, the app first asks to log in, then shows the page that was asked for.
      await expectUrl(page, '/login', { returnUrl: '/some/unknown/route' });
      await submitLoginForm(page, email, PASSWORD);
      await expectUrl(page, '/some/unknown/route');
      await expectText(page.getByTestId('page-heading'), 'Page not found', 'the page heading');
      expect(await page.title()).toContain('Page not found');

      // A full page load of another unknown route, now with a session.
      const again = await page.goto('/another/missing/page?x=1');
      expect(again?.status()).toBe(200);
      await expectUrl(page, '/another/missing/page');
      await expectText(page.getByTestId('page-heading'), 'Page not found', 'the page heading');

      const api = await fetch(`${baseUrl()}/api/unknown`);
      expect(api.status).toBe(404);
      expect(api.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await api.json()).toMatchObject({ statusCode: 404 });
    },
  );

  browserTest('Swagger UI renders the API operations without errors', async ({ page }) => {
    const response = await page.goto('/api/docs');
    expect(response?.status()).toBe(200);

    await expectVisible(
      page.locator('.opblock-summary-path[data-path="/api/auth/login"]'),
      'the POST /api/auth/login operation',
    );
    await expectVisible(
      page.locator('.opblock-summary-path[data-path="/api/health"]'),
      'the GET /api/health operation',
    );
  });

  browserTest(
    'on a phone the menu button opens the navigation drawer',
    async ({ page }) => {
      const email = uniqueEmail('phone');
      await registerThroughApi(baseUrl(), email, PASSWORD);
      await logIn(page, email, PASSWORD);

      await expectVisible(page.getByTestId('nav-toggle'), 'the menu button');
      await expectHidden(page.getByTestId('nav-billing'), 'the closed drawer');

      await page.getByTestId('nav-toggle').click();

      await expectVisible(page.getByTestId('nav-servers'), 'Servers in the drawer');
      await expectVisible(page.getByTestId('nav-billing'), 'Billing in the drawer');
      await expectVisible(page.getByTestId('nav-tickets'), 'Tickets in the drawer');

      await page.getByTestId('nav-billing').click();

      await expectUrl(page, '/billing');
      await expectText(page.getByTestId('page-heading'), 'Billing', 'the page heading');
      await expectHidden(page.getByTestId('nav-billing'), 'the drawer after choosing a page');
    },
    { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  );
});

/** The element's computed text colour, e.g. "rgb(0, 92, 187)". */
async function colorOf(locator: Locator): Promise<string> {
  // Runs in the page; tsconfig has no DOM lib, so reach getComputedStyle through globalThis.
  const color: unknown = await locator.evaluate((element) => {
    const view = globalThis as unknown as {
      getComputedStyle(target: unknown): { color: string };
    };
    return view.getComputedStyle(element).color;
  });
  if (typeof color !== 'string' || !color.startsWith('rgb')) {
    throw new Error(`Could not read the colour of ${String(locator)} (got ${String(color)})`);
  }
  return color;
}
