import { readFileSync } from 'node:fs';

import type { Page } from 'playwright-core';

/** The axe-core engine, read once from node_modules. */
let axeSource: string | undefined;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core in the page and returns its violations of the given impact. The engine is
 * evaluated through the DevTools protocol, which the page's Content-Security-Policy (no inline
 * scripts) does not apply to, so the app is checked with its real CSP on.
 */
export async function axeViolations(
  page: Page,
  impacts: readonly string[] = ['critical'],
): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Strings, not functions: this project compiles without the DOM types.
  const hasAxe = await page.evaluate<boolean>("typeof window.axe === 'object'");
  if (!hasAxe) await page.evaluate(axeSource);
  const violations = await page.evaluate<AxeViolation[]>(
    'window.axe.run(document).then((results) => results.violations)',
  );
  return violations.filter((violation) => impacts.includes(violation.impact ?? ''));
}

/** Fails with a readable list when axe finds a critical violation on the page. */
export async function expectNoCriticalViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length === 0) return;
  const lines = violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} — ` +
      violation.nodes
        .slice(0, 5)
        .map((node) => JSON.stringify(node.target))
        .join(', '),
  );
  throw new Error(`Critical accessibility violations on ${where}:\n  - ${lines.join('\n  - ')}`);
}
