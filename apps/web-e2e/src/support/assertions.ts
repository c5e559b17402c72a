import type { Locator, Page } from 'playwright-core';

/**
 * Waiting assertions for playwright-core (which has no `expect`): each polls until the page
 * shows what a user would see, or fails with what it saw instead.
 */

const TIMEOUT_MS = 10_000;
const POLL_MS = 100;

/** Waits until the page is at `pathname` with (at least) the given query parameters. */
export async function expectUrl(
  page: Page,
  pathname: string,
  query: Record<string, string> = {},
): Promise<void> {
  const matches = (url: URL): boolean =>
    url.pathname === pathname &&
    Object.entries(query).every(([key, value]) => url.searchParams.get(key) === value);
  await poll(
    () => matches(new URL(page.url())),
    () => {
      const expected = new URL(pathname, 'http://host');
      for (const [key, value] of Object.entries(query)) expected.searchParams.set(key, value);
      return `Expected the URL ${expected.pathname}${expected.search}, but the page is at ${page.url()}`;
    },
  );
}

export async function expectVisible(locator: Locator, what: string): Promise<void> {
  await poll(
    () => locator.first().isVisible(),
    async () => `Expected ${what} to be visible (${await describeCount(locator)})`,
  );
}

export async function expectHidden(locator: Locator, what: string): Promise<void> {
  await poll(
    async () => !(await locator.first().isVisible()),
    () => `Expected ${what} not to be visible`,
  );
}

/** Waits until the element's text (whitespace collapsed) contains or matches `expected`. */
export async function expectText(
  locator: Locator,
  expected: string | RegExp,
  what: string,
): Promise<void> {
  let last = '';
  await poll(
    async () => {
      last = await textOf(locator);
      return typeof expected === 'string' ? last.includes(expected) : expected.test(last);
    },
    () => `Expected ${what} to show ${String(expected)}, but it shows ${JSON.stringify(last)}`,
  );
}

/** Asserts that something stays true for a while (e.g. "still on /login"). */
export async function expectStays(
  check: () => boolean | Promise<boolean>,
  message: () => string,
  durationMs = 1_000,
): Promise<void> {
  const end = Date.now() + durationMs;
  while (Date.now() < end) {
    if (!(await check())) throw new Error(message());
    await delay(POLL_MS);
  }
}

async function textOf(locator: Locator): Promise<string> {
  try {
    const text = await locator.first().textContent({ timeout: POLL_MS });
    return (text ?? '').replace(/\s+/g, ' ').trim();
  } catch {
    return '';
  }
}

async function describeCount(locator: Locator): Promise<string> {
  const count = await locator.count();
  return count === 0 ? 'no such element on the page' : `${count} matching element(s), all hidden`;
}

/** Waits until `check` passes; on timeout fails with `message()`. */
export async function expectEventually(
  check: () => boolean | Promise<boolean>,
  message: () => string | Promise<string>,
): Promise<void> {
  await poll(check, message);
}

async function poll(
  check: () => boolean | Promise<boolean>,
  message: () => string | Promise<string>,
): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(await message());
    await delay(POLL_MS);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
