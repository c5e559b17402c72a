import type { Page } from 'playwright-core';

import {
  expectEventually,
  expectHidden,
  expectText,
  expectUrl,
  expectVisible,
} from './support/assertions';
import { describeInBrowser, PASSWORD, useBrowserHarness } from './support/harness';
import { callApi, logIn } from './support/hostdeck';

const ADMIN_EMAIL = 'e2e-servers-admin@example.com';
const ADMIN_PASSWORD = 'e2e-servers-admin-password-1';
/** $50.00: several days of the cheapest tariff. */
const TOP_UP_MINOR = 5_000;
/** Proxmox operations take a few seconds even on the fast simulator; a create up to ~10 s. */
const OPERATION_TIMEOUT_MS = 30_000;

interface Tariff {
  id: number;
  priceMonthlyMinor: number;
}

interface Os {
  id: number;
}

interface ServerSummary {
  id: number;
  status: string;
  activeOperation: unknown;
}

/**
 * The servers feature against the real API and its bundled Proxmox simulator, which runs its
 * tasks at 2 % of their realistic duration (PVE_SIM_TASK_SCALE) so the suite stays quick.
 */
describeInBrowser('Servers in a real browser', () => {
  const harness = useBrowserHarness({
    adminEmail: ADMIN_EMAIL,
    adminPassword: ADMIN_PASSWORD,
    env: { PVE_SIM_TASK_SCALE: '0.02', PVE_SIM_AUTH_DELAY_MS: '0' },
    timeoutMs: 120_000,
  });
  const { baseUrl, browserTest } = harness;

  /** A new customer with $50 on the balance, credited by the admin. */
  const customerWithBalance = (label: string) => harness.customerWithBalance(label, TOP_UP_MINOR);

  async function cheapestTariff(token: string): Promise<Tariff> {
    const tariffs = await callApi<Tariff[]>(baseUrl(), token, 'GET', '/api/tariffs');
    const [cheapest] = [...tariffs].sort((a, b) => a.priceMonthlyMinor - b.priceMonthlyMinor);
    if (!cheapest) throw new Error('GET /api/tariffs returned no tariffs');
    return cheapest;
  }

  /** Waits (longer than the default assertion timeout) until the status badge shows `label`. */
  async function expectStatus(
    page: Page,
    label: string,
    scope = page.locator('body'),
  ): Promise<void> {
    const badge = scope.getByTestId('server-status').first();
    const deadline = Date.now() + OPERATION_TIMEOUT_MS;
    let last = '';
    for (;;) {
      last = ((await badge.textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ').trim();
      if (last === label) return;
      if (Date.now() > deadline) {
        throw new Error(
          `Expected the server status ${label}, but it shows ${JSON.stringify(last)}`,
        );
      }
      await page.waitForTimeout(200);
    }
  }

  /** Clicks a Manage button and confirms the dialog; returns once the dialog is gone. */
  async function confirmAction(page: Page, testId: string): Promise<void> {
    await page.getByTestId(testId).click();
    await expectVisible(page.getByTestId('confirm-ok'), 'the confirm button');
    await page.getByTestId('confirm-ok').click();
    await expectHidden(page.getByTestId('confirm-ok'), 'the confirm dialog');
  }

  browserTest(
    'a customer creates a server, powers it off and on, snapshots it and opens its console',
    async ({ page }) => {
      const { email, token } = await customerWithBalance('servers');
      const tariff = await cheapestTariff(token);
      const [os] = await callApi<Os[]>(baseUrl(), token, 'GET', '/api/os');
      if (!os) throw new Error('GET /api/os returned no operating systems');

      await logIn(page, email, PASSWORD);
      await expectVisible(page.getByTestId('servers-empty'), 'the empty dashboard');
      await expectText(page.getByTestId('dashboard-balance'), '$50.00', 'the balance');

      // Create through the form.
      await page.getByTestId('create-server-button').click();
      await expectUrl(page, '/servers/new');
      await page.getByTestId(`tariff-card-${tariff.id}`).click();
      await page.getByTestId(`os-option-${os.id}`).click();
      await page.getByTestId('hostname-input').fill('e2e-web1');
      await expectVisible(page.getByTestId('balance-ok'), 'that the balance covers the first day');
      await page.getByTestId('create-submit').click();

      // The root password, once, while the server is being set up.
      const passwordLocator = page.getByTestId('root-password');
      await expectVisible(passwordLocator, 'the root password');
      const rootPassword = ((await passwordLocator.textContent()) ?? '').trim();
      expect(rootPassword.length).toBeGreaterThanOrEqual(12);
      await expectText(
        page.getByTestId('create-result'),
        'will not be shown again',
        'the one-time warning',
      );
      await expectStatus(page, 'Running', page.getByTestId('create-result'));
      await expectVisible(page.getByTestId('create-done'), 'the "server is ready" line');
      const panelHref = await page.getByTestId('open-server').getAttribute('href');
      const serverId = Number(/\/servers\/(\d+)/.exec(panelHref ?? '')?.[1]);
      expect(serverId).toBeGreaterThan(0);

      // The dashboard lists it as running; the password is gone for good.
      await page.getByTestId('back-to-dashboard').click();
      await expectUrl(page, '/');
      const card = page.getByTestId(`server-card-${serverId}`);
      await expectVisible(card, 'the new server on the dashboard');
      await expectText(card, 'e2e-web1', 'the server card');
      await expectStatus(page, 'Running', card);
      await expectText(page.getByTestId('dashboard-days'), /Covers \d+ days/, 'days covered');
      expect(await page.getByText(rootPassword).count()).toBe(0);

      // Manage: stop, then start again.
      await card.click();
      await expectUrl(page, `/servers/${serverId}/overview`);
      await expectText(page.getByTestId('server-hostname'), 'e2e-web1', 'the panel heading');
      expect(await page.getByText(rootPassword).count()).toBe(0);
      await page.getByTestId('tab-manage').click();
      await expectUrl(page, `/servers/${serverId}/manage`);
      await confirmAction(page, 'action-stop');
      await expectStatus(page, 'Stopped');
      await expectEventually(
        () => page.getByTestId('action-start').isEnabled(),
        () => 'Expected Start to be enabled once the server stopped',
      );
      expect(await page.getByTestId('action-stop').isDisabled()).toBe(true);
      await confirmAction(page, 'action-start');
      await expectStatus(page, 'Running');
      await expectEventually(
        () => page.getByTestId('action-stop').isEnabled(),
        () => 'Expected Stop to be enabled once the server runs',
      );

      // Snapshots: take one, then delete it.
      await page.getByTestId('tab-snapshots').click();
      await expectVisible(page.getByTestId('snapshots-empty'), 'the empty snapshot list');
      await page.getByTestId('snapshot-name-input').fill('e2e-snap');
      await page.getByTestId('snapshot-create').click();
      await expectVisible(page.getByTestId('snapshot-row-e2e-snap'), 'the new snapshot');
      await expectEventually(
        () => page.getByTestId('snapshot-delete-e2e-snap').isEnabled(),
        () => 'Expected the snapshot to be deletable once the operation ended',
      );
      await confirmAction(page, 'snapshot-delete-e2e-snap');
      await expectHidden(page.getByTestId('snapshot-row-e2e-snap'), 'the deleted snapshot');
      await expectVisible(page.getByTestId('snapshots-empty'), 'the empty snapshot list again');

      // Console: noVNC draws into a canvas over our API's WebSocket proxy.
      await page.getByTestId('tab-console').click();
      await expectText(page.getByTestId('console-state'), 'Connected', 'the console state');
      await expectVisible(page.getByTestId('console-screen').locator('canvas'), 'the noVNC canvas');

      const servers = await callApi<ServerSummary[]>(baseUrl(), token, 'GET', '/api/server');
      expect(servers.map(({ id, status }) => ({ id, status }))).toEqual([
        { id: serverId, status: 'running' },
      ]);
    },
    { timeoutMs: 180_000 },
  );

  browserTest(
    'on a phone in dark mode a customer resizes a server, sets a root password and deletes it',
    async (t) => {
      const { page } = t;
      // Once deleted, the server's GET answers 404; that is how the panel knows it is gone.
      t.allowConsoleError(/status of 404 \(Not Found\)/);
      const { email, token } = await customerWithBalance('phone-servers');
      const tariff = await cheapestTariff(token);
      const [os] = await callApi<Os[]>(baseUrl(), token, 'GET', '/api/os');
      if (!os) throw new Error('GET /api/os returned no operating systems');
      const created = await callApi<{
        server: ServerSummary & { hostname: string; diskGb: number };
      }>(baseUrl(), token, 'POST', '/api/server/create', {
        tariffId: tariff.id,
        osId: os.id,
        hostname: 'e2e-phone1',
      });
      const { id: serverId, diskGb } = created.server;

      await logIn(page, email, PASSWORD);
      await expectStatus(page, 'Running', page.getByTestId(`server-card-${serverId}`));
      await expectNoSidewaysScroll(page, 'the dashboard');
      // Dark mode: the page follows the system colour scheme.
      expect(await isDark(page)).toBe(true);

      // Resize: a smaller disk is refused in the form, a bigger one gets a price.
      await page.goto(`/servers/${serverId}/resize`);
      await expectVisible(page.getByTestId('resize-disk'), 'the disk field');
      await page.getByTestId('resize-disk').fill(String(diskGb - 1));
      await page.getByTestId('resize-submit').click();
      await expectText(
        page.getByTestId('resize-disk-error'),
        `keep at least ${diskGb} GB`,
        'the disk error',
      );
      await page.getByTestId('resize-disk').fill(String(diskGb + 5));
      await page.getByTestId('resize-memory').fill('2048');
      await page.getByTestId('resize-submit').click();
      await page.getByTestId('confirm-ok').click();
      await expectText(
        page.getByTestId('resize-price'),
        /New monthly price: \$\d+\.\d\d/,
        'the price',
      );
      await expectText(
        page.getByTestId('resize-current'),
        `2 GB RAM · ${diskGb + 5} GB disk`,
        'the new size',
      );
      await expectNoSidewaysScroll(page, 'the Resize tab');

      // Security: a new root password, shown once.
      await page.goto(`/servers/${serverId}/security`);
      await expectEventually(
        () => page.getByTestId('password-generate').isEnabled(),
        () => 'Expected "Generate new password" to be enabled',
      );
      await page.getByTestId('password-generate').click();
      await page.getByTestId('confirm-ok').click();
      await expectVisible(page.getByTestId('new-password'), 'the new password');
      const password = ((await page.getByTestId('new-password').textContent()) ?? '').trim();
      expect(password.length).toBeGreaterThanOrEqual(12);
      await page.goto(`/servers/${serverId}/overview`);
      await expectText(page.getByTestId('server-hostname'), 'e2e-phone1', 'the heading');
      expect(await page.getByText(password).count()).toBe(0);

      // Delete, confirmed by typing the hostname.
      await page.goto(`/servers/${serverId}/manage`);
      await expectEventually(
        () => page.getByTestId('action-delete').isEnabled(),
        () => 'Expected "Delete server" to be enabled',
      );
      await page.getByTestId('action-delete').click();
      await page.getByTestId('confirm-input').fill('e2e-phone');
      expect(await page.getByTestId('confirm-ok').isDisabled()).toBe(true);
      await page.getByTestId('confirm-input').fill('e2e-phone1');
      await page.getByTestId('confirm-ok').click();
      await expectUrl(page, '/');
      await expectVisible(page.getByTestId('servers-empty'), 'the empty dashboard');
    },
    {
      context: {
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        colorScheme: 'dark',
      },
      timeoutMs: 180_000,
    },
  );
});

/** Nothing on the page is wider than the phone's screen. */
async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const widths = await page.evaluate(
    '({ page: document.documentElement.scrollWidth, screen: window.innerWidth })',
  );
  const { page: pageWidth, screen } = widths as { page: number; screen: number };
  if (pageWidth > screen) {
    throw new Error(
      `Expected ${what} to fit the screen (${screen}px) but it is ${pageWidth}px wide`,
    );
  }
}

/** Whether the page background is dark (its luminance below the middle). */
async function isDark(page: Page): Promise<boolean> {
  const color = String(await page.evaluate('getComputedStyle(document.body).backgroundColor'));
  const [r, g, b] = (color.match(/\d+/g) ?? []).map(Number);
  if (r === undefined || g === undefined || b === undefined) {
    throw new Error(`Could not read the page background colour (${color})`);
  }
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
}
