import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { REPO_ROOT } from './support/api-server';
import { expectEventually, expectText, expectUrl, expectVisible } from './support/assertions';
import { expectNoCriticalViolations } from './support/axe';
import type { PageTest } from './support/browser';
import { solidPng } from './support/files';
import { describeInBrowser, PASSWORD, useBrowserHarness } from './support/harness';
import {
  accessTokenFor,
  callApi,
  createServerThroughApi,
  creditBalance,
  logIn,
  registerThroughApi,
  uniqueEmail,
} from './support/hostdeck';

const ADMIN_EMAIL = 'e2e-staff-admin@example.com';
const ADMIN_PASSWORD = 'e2e-staff-admin-password-1';
/** Screenshots of each staff screen, kept as CI artifacts. */
const SCREENSHOTS = join(REPO_ROOT, 'test-results/web-e2e');

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Payment checks, ticket attachments, the staff area and accessibility, against the real API
 * (with its bundled Proxmox simulator) serving the built web app.
 */
describeInBrowser('Billing, staff area and accessibility', () => {
  const { baseUrl, browserTest, customerWithBalance, inBrowser } = useBrowserHarness({
    adminEmail: ADMIN_EMAIL,
    adminPassword: ADMIN_PASSWORD,
    env: { PVE_SIM_TASK_SCALE: '0.02', PVE_SIM_AUTH_DELAY_MS: '0' },
    timeoutMs: 120_000,
  });

  /** A second signed-in browser (its own context, same checks) beside the test's page. */
  const inSecondBrowser = (name: string, body: (test: PageTest) => Promise<void>) =>
    inBrowser({ name }, body);

  browserTest(
    'a customer uploads a receipt, staff approve it, and the balance updates live',
    async ({ page }) => {
      const email = uniqueEmail('payer');
      await registerThroughApi(baseUrl(), email, PASSWORD);
      await logIn(page, email, PASSWORD);
      await page.getByTestId('nav-billing').click();
      await expectUrl(page, '/billing');
      await expectText(page.getByTestId('billing-balance'), '$0.00', 'the starting balance');
      await expectVisible(page.getByTestId('checks-empty'), 'the empty list of checks');

      // Validation before anything is sent.
      await page.getByTestId('check-submit').click();
      await expectText(page.getByTestId('check-amount-error'), 'Enter the amount', 'the error');
      await expectText(page.getByTestId('check-file-error'), 'Choose the receipt', 'the error');

      await page.getByTestId('check-amount').fill('25.00');
      await page.getByTestId('check-file-input').setInputFiles({
        name: 'receipt.png',
        mimeType: 'image/png',
        buffer: solidPng(120, 80, [30, 120, 200]),
      });
      await expectVisible(page.getByTestId('check-preview'), 'the receipt preview');
      await expectEventually(
        () =>
          page
            .getByTestId('check-preview')
            .evaluate(
              (image) => (image as unknown as { naturalWidth: number }).naturalWidth === 120,
            ),
        () => 'Expected the preview to show the 120 px wide receipt',
      );
      await page.getByTestId('check-submit').click();

      const row = page.locator('[data-testid^="check-status-"]').first();
      await expectText(row, 'Waiting for review', 'the new check');
      const checkId = Number((await row.getAttribute('data-testid'))?.split('-').pop());
      expect(checkId).toBeGreaterThan(0);

      await inSecondBrowser('staff approve the check', async ({ page: staff }) => {
        await logIn(staff, ADMIN_EMAIL, ADMIN_PASSWORD);
        await staff.getByTestId('nav-payment-checks').click();
        await expectUrl(staff, '/staff/checks');
        const review = staff.getByTestId(`review-check-${checkId}`);
        await expectText(review, '$25.00', 'the check to review');
        await staff.getByTestId(`check-view-${checkId}`).click();
        await expectVisible(staff.getByTestId('receipt-image'), 'the receipt fetched for staff');
        await expectEventually(
          () =>
            staff
              .getByTestId('receipt-image')
              .evaluate(
                (image) => (image as unknown as { naturalWidth: number }).naturalWidth === 120,
              ),
          () => 'Expected the staff preview to show the uploaded receipt',
        );
        await screenshot(staff, 'staff-checks-review');
        await expectText(
          staff.getByTestId(`review-customer-${checkId}`),
          email,
          "the customer's email",
        );
        await staff.getByTestId(`check-approve-${checkId}`).click();
        await expectText(staff.getByTestId('approve-ok'), 'Approve $25.00', 'the amount to credit');
        await staff.getByTestId('approve-ok').click();
        await expectVisible(staff.getByTestId('checks-empty'), 'no pending checks left');
      });

      // No reload: the billing notification refreshes the page in place.
      await expectText(page.getByTestId('billing-balance'), '$25.00', 'the credited balance');
      await expectText(
        page.getByTestId(`check-status-${checkId}`),
        'Approved',
        'the approved check',
      );
      await expectText(page.getByTestId('billing-ledger'), '+$25.00', 'the top-up in the ledger');
    },
  );

  browserTest('a ticket reply carries an attachment that downloads', async ({ page }) => {
    const email = uniqueEmail('attach');
    await registerThroughApi(baseUrl(), email, PASSWORD);
    const token = await accessTokenFor(baseUrl(), email, PASSWORD);
    const ticket = await callApi<{ id: number }>(baseUrl(), token, 'POST', '/api/tickets', {
      subject: 'Boot problem',
      body: 'It hangs.',
    });

    await logIn(page, email, PASSWORD);
    await page.goto(`/tickets/${ticket.id}`);
    await expectText(page.getByTestId('page-heading'), 'Boot problem', 'the ticket');
    await page.getByTestId('ticket-reply').fill('Here is the boot log.');
    await page.getByTestId('reply-attachment-input').setInputFiles({
      name: 'boot.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('kernel: panic at 00:01\n'),
    });
    await expectText(page.getByTestId('reply-attachment'), 'boot.txt', 'the attached file');
    await page.getByTestId('ticket-send').click();

    const attachment = page.locator('[data-testid^="attachment-"]').last();
    await expectText(attachment, 'boot.txt', 'the attachment link in the thread');
    const [download] = await Promise.all([page.waitForEvent('download'), attachment.click()]);
    expect(download.suggestedFilename()).toBe('boot.txt');
    expect(readFileSync(await download.path(), 'utf8')).toBe('kernel: panic at 00:01\n');
  });

  browserTest('every admin screen opens without console errors', async ({ page }) => {
    // Something in each list: a customer with a server, a check, mail and audit entries.
    const email = uniqueEmail('listed');
    const user = await registerThroughApi(baseUrl(), email, PASSWORD);
    const adminToken = await accessTokenFor(baseUrl(), ADMIN_EMAIL, ADMIN_PASSWORD);
    await creditBalance(baseUrl(), adminToken, user.id, 5_000);

    await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByTestId('nav-staff').click();
    await expectUrl(page, '/staff');
    await expectVisible(page.getByTestId('staff-link-audit-log'), 'the audit log card');
    await screenshot(page, 'staff-home');

    const byId = (...ids: string[]): string => ids.map((id) => `[data-testid="${id}"]`).join(', ');
    const screens: { nav: string; path: string; ready: string; shot: string }[] = [
      {
        nav: 'nav-ticket-queue',
        path: '/staff/tickets',
        ready: byId('page-heading'),
        shot: 'queue',
      },
      {
        nav: 'nav-payment-checks',
        path: '/staff/checks',
        ready: byId('checks-table', 'checks-empty'),
        shot: 'checks',
      },
      { nav: 'nav-users', path: '/staff/users', ready: byId(`user-row-${user.id}`), shot: 'users' },
      {
        nav: 'nav-all-servers',
        path: '/staff/servers',
        ready: byId('servers-table', 'servers-empty'),
        shot: 'servers',
      },
      { nav: 'nav-tariffs', path: '/staff/tariffs', ready: byId('tariffs-table'), shot: 'tariffs' },
      { nav: 'nav-operating-systems', path: '/staff/os', ready: byId('os-table'), shot: 'os' },
      {
        nav: 'nav-mail-outbox',
        path: '/staff/outbox',
        ready: byId('outbox-table'),
        shot: 'outbox',
      },
      { nav: 'nav-audit-log', path: '/staff/audit', ready: byId('audit-table'), shot: 'audit-log' },
    ];
    for (const screen of screens) {
      await page.getByTestId(screen.nav).click();
      await expectUrl(page, screen.path);
      await expectVisible(page.locator(screen.ready), `${screen.path} loaded`);
      await screenshot(page, `staff-${screen.shot}`);
    }

    // The audit log shows the admin's own adjustment, filtered by action.
    await page.getByTestId('audit-action').fill('user');
    await page.getByTestId('audit-action').press('Enter');
    await expectText(page.getByTestId('audit-table'), 'user.balance-adjusted', 'the adjustment');

    // A balance adjustment from the users screen, with validation first.
    await page.getByTestId('nav-users').click();
    await page.getByTestId(`user-adjust-${user.id}`).click();
    await page.getByTestId('balance-save').click();
    await expectVisible(page.getByTestId('balance-amount-error'), 'the amount error');
    await page.getByTestId('balance-amount').fill('-10.00');
    await page.getByTestId('balance-reason').fill('Correction');
    await page.getByTestId('balance-save').click();
    await expectText(page.getByTestId(`user-balance-${user.id}`), '$40.00', 'the new balance');

    // A tariff form refuses bad input before the API sees it.
    await page.getByTestId('nav-tariffs').click();
    await page.getByTestId('tariff-new').click();
    await page.getByTestId('catalog-save').click();
    await expectText(page.getByTestId('catalog-name-error'), 'Give the tariff a name', 'error');
    await screenshot(page, 'staff-tariff-form');
    await page.keyboard.press('Escape');

    // The mail outbox opens a mail (the welcome mail of the customer above).
    await page.getByTestId('nav-mail-outbox').click();
    await page.getByTestId('outbox-search').fill(email);
    await page.getByTestId('outbox-search').press('Enter');
    const view = page.locator('[data-testid^="outbox-view-"]').first();
    await view.click();
    await expectText(page.getByTestId('outbox-mail-text'), 'Hostdeck', 'the mail text');
    await screenshot(page, 'staff-outbox-mail');
  });

  browserTest('support see the staff tools but not the admin-only ones', async ({ page }) => {
    const email = uniqueEmail('support');
    const user = await registerThroughApi(baseUrl(), email, PASSWORD);
    const adminToken = await accessTokenFor(baseUrl(), ADMIN_EMAIL, ADMIN_PASSWORD);
    await callApi(baseUrl(), adminToken, 'PATCH', `/api/admin/users/${user.id}/role`, {
      role: 'support',
    });

    await logIn(page, email, PASSWORD);
    await expectVisible(page.getByTestId('nav-payment-checks'), 'the checks entry');
    expect(await page.getByTestId('nav-audit-log').count()).toBe(0);
    expect(await page.getByTestId('nav-tariffs').count()).toBe(0);
    await page.goto('/staff/audit');
    await expectUrl(page, '/');
    await page.getByTestId('nav-users').click();
    await expectVisible(page.getByTestId(`user-row-${user.id}`), 'the user list');
    expect(await page.locator('[data-testid^="user-adjust-"]').count()).toBe(0);
  });

  browserTest(
    'login, dashboard and ServerPanel have no critical accessibility violations',
    async ({ page }) => {
      const { email, token } = await customerWithBalance('a11y', 5_000);
      const created = await createServerThroughApi(baseUrl(), token, 'a11y-check');

      await page.goto('/login');
      await expectVisible(page.getByTestId('login-email'), 'the login form');
      await expectNoCriticalViolations(page, 'the login page');

      await logIn(page, email, PASSWORD);
      await expectVisible(
        page.getByTestId(`server-card-${created.server.id}`),
        'the server on the dashboard',
      );
      await expectNoCriticalViolations(page, 'the dashboard');

      for (const tab of ['overview', 'stats', 'manage', 'snapshots', 'security']) {
        await page.goto(`/servers/${created.server.id}/${tab}`);
        await expectText(page.getByTestId('server-hostname'), 'a11y-check', `the ${tab} tab`);
        await expectVisible(page.getByTestId(`tab-${tab}`), `the ${tab} tab link`);
        // Let the tab's own request settle (its loading state is checked too, but later states matter).
        await page.waitForTimeout(500);
        await expectNoCriticalViolations(page, `the ServerPanel ${tab} tab`);
      }

      await page.goto('/billing');
      await expectVisible(page.getByTestId('check-upload'), 'the upload form');
      await expectNoCriticalViolations(page, 'the billing page');
    },
  );
});
