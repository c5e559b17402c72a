#!/usr/bin/env node
// Summarises a .cpuprofile by self time: `node tools/cpuprofile-top.mjs <file> [rows]`.
import { readFileSync } from 'node:fs';

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node tools/cpuprofile-top.mjs <file.cpuprofile> [rows]\n');
  process.exit(2);
}
// Piped into `head`, the reader may go away early: that is the end, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const sampleCounts = new Map();
for (const id of profile.samples) sampleCounts.set(id, (sampleCounts.get(id) ?? 0) + 1);
const intervalMs =
  (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);

const selfByFunction = new Map();
const selfByFile = new Map();
for (const [id, count] of sampleCounts) {
  const { callFrame } = byId.get(id);
  const where = callFrame.url
    ? callFrame.url.replace(/^.*node_modules\//, '~/').replace(/^file:\/\/.*\/work\/[^/]+\//, '')
    : '(native)';
  const name = `${callFrame.functionName || '(anonymous)'} ${where}:${callFrame.lineNumber + 1}`;
  selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + count);
  const pkg = where.startsWith('~/')
    ? where
        .split('/')
        .slice(0, where.startsWith('~/@') ? 3 : 2)
        .join('/')
    : where;
  selfByFile.set(pkg, (selfByFile.get(pkg) ?? 0) + count);
}
const rows = Number(rowsArg ?? 25);
const show = (title, map) => {
  process.stdout.write(`\n${title}\n`);
  for (const [name, count] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows))
    process.stdout.write(`${(count * intervalMs).toFixed(1).padStart(9)} ms  ${name}\n`);
};
process.stdout.write(
  `total ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms, ${profile.samples.length} samples\n`,
);
show('self time by function', selfByFunction);
show('self time by package or file', selfByFile);
