import type { Browser, BrowserContextOptions } from 'playwright-core';

import { type ApiServer, type ApiServerOptions, startApiServer } from './api-server';
import {
  isChromiumInstalled,
  launchChromium,
  missingChromiumMessage,
  type PageTest,
  runInPage,
  type RunInPageOptions,
} from './browser';
import { accessTokenFor, creditBalance, registerThroughApi, uniqueEmail } from './hostdeck';

/** The password of every customer the suites register. */
export const PASSWORD = 'correct horse battery';

const hasChromium = isChromiumInstalled();
const isCi = process.env['CI'] === 'true';

/** `describe`, or `describe.skip` outside CI when Chromium is not installed. */
export const describeInBrowser: jest.Describe = hasChromium || isCi ? describe : describe.skip;

/** Warns loudly (once per suite that calls it) that the browser suites are being skipped. */
export function warnIfSkipped(): void {
  if (hasChromium || isCi) return;
  const line = '!'.repeat(100);
  console.warn(
    `\n${line}\nSKIPPING the web end-to-end tests.\n${missingChromiumMessage()}\n` +
      `In CI (CI=true) a missing browser fails the suite instead.\n${line}\n`,
  );
}

export interface BrowserTestOptions {
  context?: BrowserContextOptions;
  /** Defaults to the harness's `timeoutMs`. */
  timeoutMs?: number;
}

export interface HarnessOptions {
  adminEmail: string;
  adminPassword: string;
  env?: ApiServerOptions['env'];
  /** A browser test's Jest timeout; undefined keeps Jest's own (60 s). */
  timeoutMs?: number;
}

export interface Harness {
  /** The started API's URL (it serves the web app too). */
  baseUrl(): string;
  /** A test in a fresh browser context; see runInPage for what fails it besides its own checks. */
  browserTest(
    name: string,
    body: (test: PageTest) => Promise<void>,
    options?: BrowserTestOptions,
  ): void;
  /** Runs `body` in another fresh browser context (a second user beside the test's page). */
  inBrowser(options: RunInPageOptions, body: (test: PageTest) => Promise<void>): Promise<void>;
  /** A new customer with `amountMinor` on the balance (credited by the admin) and a token. */
  customerWithBalance(
    label: string,
    amountMinor: number,
  ): Promise<{ email: string; id: number; token: string }>;
}

/**
 * Starts the built API (with its bundled Proxmox simulator) and Chromium before the suite's
 * tests and stops both after them. Call it inside the suite's `describe`.
 */
export function useBrowserHarness(options: HarnessOptions): Harness {
  let server: ApiServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!hasChromium) throw new Error(missingChromiumMessage());
    server = await startApiServer({
      adminEmail: options.adminEmail,
      adminPassword: options.adminPassword,
      ...(options.env ? { env: options.env } : {}),
    });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await server?.stop();
    }
  }, 30_000);

  function baseUrl(): string {
    if (!server) throw new Error('The API did not start (see beforeAll)');
    return server.baseUrl;
  }

  async function inBrowser(
    runOptions: RunInPageOptions,
    body: (test: PageTest) => Promise<void>,
  ): Promise<void> {
    if (!browser || !server) throw new Error('The browser or the API did not start');
    await runInPage(browser, server.baseUrl, runOptions, body);
  }

  return {
    baseUrl,
    inBrowser,
    browserTest(name, body, testOptions = {}) {
      test(
        name,
        () => inBrowser({ name, context: testOptions.context }, body),
        testOptions.timeoutMs ?? options.timeoutMs,
      );
    },
    async customerWithBalance(label, amountMinor) {
      const email = uniqueEmail(label);
      const user = await registerThroughApi(baseUrl(), email, PASSWORD);
      const adminToken = await accessTokenFor(baseUrl(), options.adminEmail, options.adminPassword);
      await creditBalance(baseUrl(), adminToken, user.id, amountMinor);
      return { email, id: user.id, token: await accessTokenFor(baseUrl(), email, PASSWORD) };
    },
  };
}
