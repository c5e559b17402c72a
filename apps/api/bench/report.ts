import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

/** Shared by the benchmarks: percentiles and the report files under bench/results/. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
    : NaN;
}

export const median = (values: number[]) => percentile(values, 50);

export function round(value: number, digits = 0): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

const RESULTS_DIR = join(__dirname, '../../../bench/results');
/** One stamp per `npm run bench`, so the reports of one run sort together. */
const STAMP = process.env['BENCH_STAMP'] ?? new Date().toISOString().replace(/[:.]/g, '-');

/** Writes `<stamp>-<name>.json` and `.md` and prints the table. */
export function writeReport(name: string, data: object, markdown: string[]): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const meta = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
  };
  writeFileSync(
    join(RESULTS_DIR, `${STAMP}-${name}.json`),
    `${JSON.stringify({ ...meta, ...data }, null, 2)}\n`,
  );
  const text = `${markdown.join('\n')}\n`;
  writeFileSync(join(RESULTS_DIR, `${STAMP}-${name}.md`), text);
  process.stdout.write(`\n${text}\n`);
}
