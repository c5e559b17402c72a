import type { Page } from 'playwright-core';

import { expectUrl, expectVisible } from './assertions';

let emailCounter = 0;

/** An email address no earlier test (or run) has registered. */
export function uniqueEmail(label: string): string {
  emailCounter += 1;
  return `${label}-${Date.now().toString(36)}-${emailCounter}@example.com`;
}

/** Creates a customer account straight through the API (setup, not what is under test). */
export async function registerThroughApi(
  baseUrl: string,
  email: string,
  password: string,
): Promise<void> {
  const response = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 201) {
    throw new Error(
      `POST /api/auth/register answered ${response.status}: ${await response.text()}`,
    );
  }
}

/** Fills and submits the login form at the current page (or /login). */
export async function submitLoginForm(page: Page, email: string, password: string): Promise<void> {
  if (new URL(page.url()).pathname !== '/login') await page.goto('/login');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Logs in through the form and waits for the dashboard. */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
  await submitLoginForm(page, email, password);
  await expectUrl(page, '/');
  await expectVisible(page.getByTestId('dashboard-heading'), 'the dashboard heading');
}
