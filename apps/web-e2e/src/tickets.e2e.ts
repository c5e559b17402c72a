import { expectText, expectUrl, expectVisible } from './support/assertions';
import { describeInBrowser, PASSWORD, useBrowserHarness } from './support/harness';
import {
  accessTokenFor,
  callApi,
  logIn,
  registerThroughApi,
  uniqueEmail,
} from './support/hostdeck';

const ADMIN_EMAIL = 'e2e-tickets-admin@example.com';
const ADMIN_PASSWORD = 'e2e-tickets-admin-password-1';

/** Tickets and the notifications bell against the real API and its Socket.IO gateway. */
describeInBrowser('Tickets and notifications in a real browser', () => {
  const { baseUrl, browserTest } = useBrowserHarness({
    adminEmail: ADMIN_EMAIL,
    adminPassword: ADMIN_PASSWORD,
    timeoutMs: 120_000,
  });

  browserTest(
    'a customer opens a ticket, sees it listed, and a staff reply arrives on the bell live',
    async ({ page }) => {
      const email = uniqueEmail('tickets');
      await registerThroughApi(baseUrl(), email, PASSWORD);
      await logIn(page, email, PASSWORD);

      await page.getByTestId('nav-tickets').click();
      await expectUrl(page, '/tickets');
      await expectVisible(page.getByTestId('tickets-empty'), 'the empty ticket list');

      await page.getByTestId('new-ticket-button').click();
      await expectUrl(page, '/tickets/new');
      await page.getByTestId('ticket-subject').fill('Cannot reach my server');
      await page.getByTestId('ticket-body').fill('Ping times out since this morning.');
      await page.getByTestId('ticket-submit').click();
      await expectText(page.getByTestId('page-heading'), 'Cannot reach my server', 'the ticket');
      const ticketId = Number(new URL(page.url()).pathname.split('/').pop());
      expect(ticketId).toBeGreaterThan(0);
      await expectText(page.getByTestId('ticket-status'), 'Open', 'the status chip');

      await page.getByTestId('ticket-back').click();
      await expectUrl(page, '/tickets');
      await expectText(
        page.getByTestId(`ticket-row-${ticketId}`),
        'Cannot reach my server',
        'the new ticket in the list',
      );

      // Staff answers through the API: the notification reaches the open page over the socket.
      const adminToken = await accessTokenFor(baseUrl(), ADMIN_EMAIL, ADMIN_PASSWORD);
      await callApi(baseUrl(), adminToken, 'POST', `/api/tickets/${ticketId}/messages`, {
        body: 'We are looking into it.',
      });
      await expectText(page.getByTestId('notifications-count'), '1', 'the unread count');

      await page.getByTestId('notifications-button').click();
      const item = page.locator('[data-testid^="notification-"]').first();
      await expectText(item, `ticket #${ticketId}`, 'the notification in the menu');
      await item.click();

      await expectUrl(page, `/tickets/${ticketId}`);
      await expectText(page.getByTestId('ticket-thread'), 'We are looking into it.', 'the reply');
      await expectText(page.getByTestId('ticket-status'), 'Answered', 'the status chip');
      await expectVisible(page.getByTestId('notifications-button'), 'the bell');
      expect(await page.getByTestId('notifications-count').count()).toBe(0);
    },
  );

  browserTest('staff find the ticket in the queue and add an internal note', async ({ page }) => {
    const email = uniqueEmail('queue');
    await registerThroughApi(baseUrl(), email, PASSWORD);
    const customerToken = await accessTokenFor(baseUrl(), email, PASSWORD);
    const ticket = await callApi<{ id: number }>(baseUrl(), customerToken, 'POST', '/api/tickets', {
      subject: 'Invoice question',
      body: 'Why was I charged twice?',
      priority: 'high',
    });

    await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto('/staff/tickets');
    await page.getByTestId('queue-search').fill(`#${ticket.id}`);
    const row = page.getByTestId(`ticket-row-${ticket.id}`);
    await expectText(row, email, 'the customer in the queue');
    await row.click();

    await expectUrl(page, `/staff/tickets/${ticket.id}`);
    await page.getByTestId('ticket-assign-me').click();
    await expectText(page.getByTestId('ticket-assignee'), ADMIN_EMAIL, 'the assignee');
    await page.getByTestId('ticket-internal').locator('input').check();
    await page.getByTestId('ticket-reply').fill('Checked the ledger: a duplicate charge.');
    await page.getByTestId('ticket-send').click();
    await expectVisible(page.getByTestId('internal-note-tag'), 'the internal note tag');

    // The customer never sees the note.
    const seen = await callApi<{ messages: { body: string }[] }>(
      baseUrl(),
      customerToken,
      'GET',
      `/api/tickets/${ticket.id}`,
    );
    expect(seen.messages.map((message) => message.body)).toEqual(['Why was I charged twice?']);
  });
});
