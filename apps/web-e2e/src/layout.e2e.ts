import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { REPO_ROOT } from './support/api-server';
import { expectEventually, expectText, expectUrl, expectVisible } from './support/assertions';
import { expectNoCriticalViolations } from './support/axe';
import { solidPng } from './support/files';
import { describeInBrowser, PASSWORD, useBrowserHarness } from './support/harness';
import { callApi, createServerThroughApi, logIn } from './support/hostdeck';

const ADMIN_EMAIL = 'e2e-layout-admin@example.com';
const ADMIN_PASSWORD = 'e2e-layout-admin-password-1';
/** Screenshots of every screen at each width and colour scheme, kept as CI artifacts. */
const SCREENSHOTS = join(REPO_ROOT, 'test-results/web-e2e/layout');
/** A sweep every 15 s: long enough that "shown at once" cannot be the next sweep's event. */
const SWEEP_SECONDS = 15;
const OPERATION_TIMEOUT_MS = 40_000;

const VIEWPORTS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: { width: 1440, height: 900 } },
] as const;
const SCHEMES = ['light', 'dark'] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ServerSummary {
  id: number;
  status: string;
  node: string | null;
  activeOperation: unknown;
}

/**
 * Alerts already firing when the Stats tab opens, the staff screens' API-side filters and
 * corrected approvals, and every screen at a phone's and a desktop's width, light and dark:
 * nothing wider than the screen, each one screenshotted.
 */
describeInBrowser('Layout and the screens that open with data', () => {
  const harness = useBrowserHarness({
    adminEmail: ADMIN_EMAIL,
    adminPassword: ADMIN_PASSWORD,
    env: {
      PVE_SIM_TASK_SCALE: '0.02',
      PVE_SIM_AUTH_DELAY_MS: '0',
      PVE_SIM_NODES: 'pve1,pve2',
      MONITORING_INTERVAL_SECONDS: String(SWEEP_SECONDS),
      // Every running container uses more than 5 % of its disk: its alert fires at the first sweep.
      ALERT_DISK_PERCENT: '5',
    },
    timeoutMs: 120_000,
  });
  const { baseUrl, browserTest } = harness;
  const customer = (label: string) => harness.customerWithBalance(label, 5_000);

  /** Creates a server through the API and waits until it runs. */
  async function runningServer(token: string, hostname: string): Promise<ServerSummary> {
    const created = await createServerThroughApi(baseUrl(), token, hostname);
    const deadline = Date.now() + OPERATION_TIMEOUT_MS;
    for (;;) {
      const view = await callApi<ServerSummary>(
        baseUrl(),
        token,
        'GET',
        `/api/server/${created.server.id}`,
      );
      if (view.status === 'running' && !view.activeOperation) return view;
      if (Date.now() > deadline) throw new Error(`${hostname} did not start`);
      await sleep(200);
    }
  }

  /** A receipt uploaded through the API (multipart), as the billing page would. */
  async function submitCheck(token: string, amountMinor: number): Promise<number> {
    const form = new FormData();
    form.set('amountMinor', String(amountMinor));
    form.set(
      'receipt',
      new Blob([solidPng(40, 30, [200, 60, 60])], { type: 'image/png' }),
      'bank-receipt.png',
    );
    const response = await fetch(`${baseUrl()}/api/billing/checks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    if (response.status !== 201) throw new Error(`check upload: ${response.status}`);
    return ((await response.json()) as { id: number }).id;
  }

  browserTest(
    'the Stats tab lists an alert that is already firing at once, before any sweep repeats it',
    async ({ page }) => {
      const owner = await customer('alerting');
      const created = await runningServer(owner.token, 'busy-disk');
      // Wait for a sweep to raise the alert: the next one is SWEEP_SECONDS away from here.
      const deadline = Date.now() + (SWEEP_SECONDS + 10) * 1000;
      for (;;) {
        const alerts = await callApi<{ resource: string }[]>(
          baseUrl(),
          owner.token,
          'GET',
          `/api/server/${created.id}/alerts`,
        );
        if (alerts.some((alert) => alert.resource === 'disk')) break;
        if (Date.now() > deadline) throw new Error('No sweep raised the disk alert');
        await sleep(200);
      }
      const swept = Date.now();

      // Count `server-alerts` pushed to the page: the list must not have come from one.
      let pushedAlerts = 0;
      page.on('websocket', (socket) =>
        socket.on('framereceived', (frame) => {
          if (String(frame.payload).includes('"server-alerts"')) pushedAlerts += 1;
        }),
      );
      await logIn(page, owner.email, PASSWORD);
      await page.goto(`/servers/${created.id}/stats`);
      await expectText(page.getByTestId('stats-alert-disk'), 'above the 5 % threshold', 'alert');
      expect(Date.now() - swept).toBeLessThan(SWEEP_SECONDS * 1000);
      expect(pushedAlerts).toBe(0);
      await expectVisible(page.getByTestId('stats-live'), 'the live figures');
    },
  );

  browserTest(
    'staff filter every server by node on the API, and approve a check with a corrected amount',
    async ({ page }) => {
      const owner = await customer('two-nodes');
      const first = await runningServer(owner.token, 'node-a');
      const second = await runningServer(owner.token, 'node-b');
      const checkId = await submitCheck(owner.token, 2_500);

      await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.goto('/staff/servers');
      await expectVisible(page.getByTestId(`staff-server-${first.id}`), 'the first server');
      await expectVisible(page.getByTestId(`staff-server-${second.id}`), 'the second server');
      const node = first.node ?? 'pve1';
      await page.getByTestId('servers-node').click();
      const [request] = await Promise.all([
        page.waitForRequest((sent) => sent.url().includes(`/api/server?node=${node}`)),
        page.getByRole('option', { name: node, exact: true }).click(),
      ]);
      expect(new URL(request.url()).searchParams.get('node')).toBe(node);
      await expectVisible(page.getByTestId(`staff-server-${first.id}`), `the ${node} server`);
      // Only that node's servers are listed (the second one too, if it was placed there).
      await expectEventually(
        async () =>
          (await page.getByTestId(`staff-server-${second.id}`).count()) ===
          (second.node === node ? 1 : 0),
        () => `Expected only ${node}'s servers in the list`,
      );
      const nodes = await page.locator('[data-testid^="staff-server-"] td.node').allTextContents();
      expect(nodes.every((text) => text.trim().startsWith(node))).toBe(true);

      await page.goto('/staff/checks');
      await expectText(
        page.getByTestId(`review-customer-${checkId}`),
        owner.email,
        "the customer's email",
      );
      const balance = async (): Promise<number> =>
        (
          await callApi<{ user: { balanceMinor: number } }>(
            baseUrl(),
            owner.token,
            'GET',
            '/api/auth/me',
          )
        ).user.balanceMinor;
      const before = await balance();
      await page.getByTestId(`check-approve-${checkId}`).click();
      await expectText(page.getByTestId('approve-ok'), 'Approve $25.00', 'the given amount');
      await page.getByTestId('approve-amount').fill('2O');
      await expectVisible(page.getByTestId('approve-amount-error'), 'the amount error');
      await page.getByTestId('approve-amount').fill('20');
      await expectText(page.getByTestId('approve-ok'), 'Approve $20.00', 'the corrected amount');
      await page.getByTestId('approve-ok').click();
      await expectVisible(page.getByTestId('checks-empty'), 'no pending checks left');
      await expectEventually(
        async () => (await balance()) === before + 2_000,
        () => 'Expected the balance to grow by the corrected $20.00',
      );
    },
  );

  /**
   * Fails when the page is wider than the screen (a sideways scroll on a phone): the document,
   * and the shell's scrolling content area. Tables scroll inside their own frame instead.
   */
  async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
    const widths = await page.evaluate<{ page: number; screen: number }[]>(
      `[document.documentElement, document.querySelector('mat-sidenav-content')]
        .filter(Boolean)
        .map((element) => ({ page: element.scrollWidth, screen: element.clientWidth }))`,
    );
    for (const { page: width, screen } of widths) {
      if (width > screen + 1) throw new Error(`${where} is ${width} px wide on ${screen} px`);
    }
  }

  /** A picture of the whole page: the shell scrolls inside, so the viewport grows to fit it. */
  async function screenshotWhole(page: Page, path: string): Promise<void> {
    const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
    const height = await page.evaluate<number>(
      `(() => {
        const content = document.querySelector('mat-sidenav-content');
        const toolbar = document.querySelector('mat-toolbar');
        return content
          ? content.scrollHeight + (toolbar ? toolbar.getBoundingClientRect().height : 0)
          : document.documentElement.scrollHeight;
      })()`,
    );
    await page.setViewportSize({
      width: viewport.width,
      height: Math.ceil(Math.max(viewport.height, height)),
    });
    await page.waitForTimeout(150);
    await page.screenshot({ path });
    await page.setViewportSize(viewport);
  }

  for (const { name: size, ...device } of VIEWPORTS) {
    for (const scheme of SCHEMES) {
      browserTest(
        `every screen fits a ${size} screen in ${scheme} mode`,
        async ({ page }) => {
          const owner = await customer(`tour-${size}-${scheme}`);
          const created = await runningServer(owner.token, `tour-${size}`);
          await submitCheck(owner.token, 1_250);
          await callApi(baseUrl(), owner.token, 'POST', '/api/tickets', {
            subject: 'The disk alert will not go away',
            body: 'It says the disk is above the threshold.',
            serverId: created.id,
          });
          mkdirSync(SCREENSHOTS, { recursive: true });
          const shoot = async (screen: string, ready: string): Promise<void> => {
            await expectVisible(page.locator(ready), `${screen} loaded`);
            // Let late requests (history, alerts) land before the picture.
            await page.waitForTimeout(400);
            await expectNoSidewaysScroll(page, `${screen} (${size}, ${scheme})`);
            // Once per screen (phone, light): no unlabeled button or field anywhere.
            if (size === 'phone' && scheme === 'light') {
              await expectNoCriticalViolations(page, `${screen} on a phone`);
            }
            await screenshotWhole(page, join(SCREENSHOTS, `${size}-${scheme}-${screen}.png`));
          };
          const byId = (...ids: string[]): string =>
            ids.map((id) => `[data-testid="${id}"]`).join(', ');

          await page.goto('/login');
          await shoot('login', byId('login-email'));
          await logIn(page, owner.email, PASSWORD);
          await shoot('dashboard', byId(`server-card-${created.id}`));
          await page.goto('/servers/new');
          await shoot('create-server', 'form');
          for (const tab of ['overview', 'stats', 'manage', 'snapshots', 'resize', 'security']) {
            await page.goto(`/servers/${created.id}/${tab}`);
            await expectUrl(page, `/servers/${created.id}/${tab}`);
            await shoot(`server-${tab}`, byId('server-hostname'));
          }
          await page.goto('/billing');
          await shoot('billing', byId('billing-ledger'));
          await page.goto('/tickets');
          await shoot('tickets', byId('ticket-rows'));
          await page.goto('/account');
          await shoot('account', byId('password-current'));

          // Sign out by forgetting the session, then in again as the admin.
          await page.evaluate('localStorage.clear()');
          await page.goto('/login');
          await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
          const staffScreens: [string, string][] = [
            ['staff', byId('staff-link-audit-log')],
            ['staff/tickets', byId('page-heading')],
            ['staff/checks', byId('checks-table', 'checks-empty')],
            ['staff/users', byId('page-heading')],
            ['staff/servers', byId('servers-table', 'servers-empty')],
            ['staff/tariffs', byId('tariffs-table')],
            ['staff/os', byId('os-table')],
            ['staff/outbox', byId('outbox-table')],
            ['staff/audit', byId('audit-table')],
          ];
          for (const [path, ready] of staffScreens) {
            await page.goto(`/${path}`);
            await shoot(path.replace('/', '-'), ready);
          }
        },
        {
          context: { ...device, colorScheme: scheme },
          timeoutMs: 180_000,
        },
      );
    }
  }
});
