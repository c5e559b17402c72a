import type { Page } from 'playwright-core';

import { expectUrl, expectVisible } from './assertions';

let emailCounter = 0;

/** An email address no earlier test (or run) has registered. */
export function uniqueEmail(label: string): string {
  emailCounter += 1;
  return `${label}-${Date.now().toString(36)}-${emailCounter}@example.com`;
}

/** The parts of the API's UserView the tests use. */
export interface ApiUser {
  id: number;
  email: string;
  balanceMinor: number;
}

/** Creates a customer account straight through the API (setup, not what is under test). */
export async function registerThroughApi(
  baseUrl: string,
  email: string,
  password: string,
): Promise<ApiUser> {
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
  const { user } = (await response.json()) as { user: ApiUser };
  return user;
}

/** Logs in through the API and returns the access token (setup, not what is under test). */
export async function accessTokenFor(
  baseUrl: string,
  email: string,
  password: string,
): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200 && response.status !== 201) {
    throw new Error(`POST /api/auth/login answered ${response.status}: ${await response.text()}`);
  }
  const { accessToken } = (await response.json()) as { accessToken: string };
  return accessToken;
}

/** A JSON API call with a bearer token; fails the test on an unexpected status. */
export async function callApi<T>(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  expectedStatus: readonly number[] = [200, 201, 202],
): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!expectedStatus.includes(response.status)) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  }
  return (text ? JSON.parse(text) : null) as T;
}

/**
 * Credits a user's balance as the admin, through POST /api/admin/users/:id/balance (the ledger
 * records it like any admin adjustment).
 */
export async function creditBalance(
  baseUrl: string,
  adminToken: string,
  userId: number,
  amountMinor: number,
): Promise<void> {
  await callApi(baseUrl, adminToken, 'POST', `/api/admin/users/${userId}/balance`, {
    amountMinor,
    reason: 'End-to-end test top-up',
  });
}

/** Orders a server on the cheapest tariff with the first operating system, through the API. */
export async function createServerThroughApi(
  baseUrl: string,
  token: string,
  hostname: string,
): Promise<{ server: { id: number } }> {
  const tariffs = await callApi<{ id: number; priceMonthlyMinor: number }[]>(
    baseUrl,
    token,
    'GET',
    '/api/tariffs',
  );
  const [tariff] = [...tariffs].sort((a, b) => a.priceMonthlyMinor - b.priceMonthlyMinor);
  const [os] = await callApi<{ id: number }[]>(baseUrl, token, 'GET', '/api/os');
  if (!tariff || !os) throw new Error('No tariff or OS to create a server with');
  return callApi<{ server: { id: number } }>(baseUrl, token, 'POST', '/api/server/create', {
    tariffId: tariff.id,
    osId: os.id,
    hostname,
  });
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
