import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';

import { REPO_ROOT } from './api-server';

/** Debian's Chromium; playwright-core never downloads a browser here. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(REPO_ROOT, 'tmp/e2e-screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Short enough that a stuck step fails (with a screenshot) well before Jest's 60 s timeout. */
const ACTION_TIMEOUT_MS = 10_000;
const NAVIGATION_TIMEOUT_MS = 20_000;

export function isChromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export function missingChromiumMessage(): string {
  return (
    `Chromium was not found at ${CHROMIUM_PATH}. The web end-to-end tests drive a real ` +
    'browser: install it with `apt-get install chromium` (Debian/Ubuntu), or point ' +
    'CHROMIUM_PATH at an existing Chromium or Chrome executable.'
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** What a test can use besides the page itself. */
export interface PageTest {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors matching this pattern are expected (e.g. the 401 of a failed login). */
  allowConsoleError(pattern: RegExp): void;
}

export interface RunInPageOptions {
  /** Name for the failure screenshot. */
  name: string;
  /** Defaults to true; the harness self-test fails on purpose and needs none. */
  screenshotOnFailure?: boolean;
  context?: BrowserContextOptions;
}

/**
 * Runs a test body in a fresh browser context (fresh localStorage) and fails the test on any
 * page console error, uncaught page error, CSP violation or request to a host other than
 * 127.0.0.1/localhost. On failure a screenshot goes to tmp/e2e-screenshots.
 */
export async function runInPage(
  browser: Browser,
  baseUrl: string,
  options: RunInPageOptions,
  body: (test: PageTest) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 800 },
    ...options.context,
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  const problems: string[] = [];
  const allowedConsoleErrors: RegExp[] = [];
  let page: Page | undefined;
  try {
    // Everything the page asks for must stay on this machine: no CDN, font or telemetry host.
    context.on('request', (request) => {
      if (!isLocalUrl(request.url())) {
        problems.push(`request to a foreign host: ${request.method()} ${request.url()}`);
      }
    });
    await context.route(
      (url) => !isLocalUrl(url.href),
      (route) => route.abort('blockedbyclient'),
    );
    await context.exposeBinding('__e2eReportCspViolation', (_source, text: unknown) => {
      problems.push(`CSP violation: ${String(text)}`);
    });
    await context.addInitScript(`
      document.addEventListener('securitypolicyviolation', (event) => {
        window.__e2eReportCspViolation(
          event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline code') +
            (event.sourceFile ? ' in ' + event.sourceFile + ':' + event.lineNumber : '') +
            ' on ' + location.href,
        );
      });
    `);

    page = await context.newPage();
    const current = page;
    current.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (allowedConsoleErrors.some((pattern) => pattern.test(text))) return;
      const { url, lineNumber } = message.location();
      problems.push(
        `console error on ${current.url()}: ${text}${url ? ` (${url}:${lineNumber})` : ''}`,
      );
    });
    current.on('pageerror', (error) => {
      problems.push(`uncaught page error on ${current.url()}: ${error.stack ?? error.message}`);
    });

    await body({
      page: current,
      context,
      allowConsoleError: (pattern) => allowedConsoleErrors.push(pattern),
    });
    // Let late console messages (e.g. from a response that just arrived) surface.
    await current.waitForTimeout(100);
    if (problems.length > 0) {
      const reported = problems.splice(0);
      throw new Error(`The page reported problems:\n  - ${reported.join('\n  - ')}`);
    }
  } catch (error) {
    const screenshot =
      page && options.screenshotOnFailure !== false
        ? await saveScreenshot(page, options.name)
        : undefined;
    throw withDetails(error, [
      ...(screenshot ? [`Screenshot: ${screenshot}`] : []),
      ...(page ? [`Page URL: ${page.url()}`] : []),
      // Problems the page reported before the test failed for another reason.
      ...problems.map((problem) => `Also reported: ${problem}`),
    ]);
  } finally {
    await context.close();
  }
}

/** Only the machine itself: 127.0.0.1 / localhost / ::1, plus data: and blob: URLs. */
export function isLocalUrl(href: string): boolean {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  if (['data:', 'blob:', 'about:'].includes(url.protocol)) return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

async function saveScreenshot(page: Page, name: string): Promise<string | undefined> {
  try {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 100);
    const file = join(SCREENSHOT_DIR, `${slug || 'test'}.png`);
    await page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
    return file;
  } catch {
    return undefined;
  }
}

function withDetails(error: unknown, details: string[]): unknown {
  if (!(error instanceof Error) || details.length === 0) return error;
  error.message = `${error.message}\n\n${details.join('\n')}`;
  return error;
}
