#!/usr/bin/env node
// A small Dockerfile linter for docker/Dockerfile* (hadolint is not packaged in Debian), plus the
// image tags of docker/compose.yml. Usage: node tools/lint-dockerfiles.mjs [files...]
// Rules: pinned base images (a version tag or a digest, never `latest`); every stage that is not
// only a build stage (not copied from by another) runs as a non-root USER, has a HEALTHCHECK and
// an exec-form CMD; COPY instead of ADD; apt-get with --no-install-recommends and a cleaned list;
// npm ci rather than npm install (a pinned global npm excepted).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Instructions with their line numbers; continuation lines joined, comments dropped. */
export function parseDockerfile(text) {
  const instructions = [];
  let pending = null;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    if (pending && line.startsWith('#')) return;
    const body = line.endsWith('\\') ? line.slice(0, -1).trim() : line;
    if (pending) pending.text += ` ${body}`;
    else pending = { line: index + 1, text: body };
    if (!line.endsWith('\\')) {
      const [keyword, ...rest] = pending.text.split(/\s+/);
      instructions.push({
        line: pending.line,
        keyword: keyword.toUpperCase(),
        args: rest.join(' '),
      });
      pending = null;
    }
  });
  return instructions;
}

const PINNED_IMAGE = /^[\w./-]+(:[\w.-]*\d[\w.-]*)?(@sha256:[0-9a-f]{64})?$/;

/** `image:tag` pinned to a version (a digit in the tag) or a digest, and never latest. */
export function imageProblem(image) {
  if (/\$\{?[A-Z_]/.test(image) && !/:-/.test(image)) return null; // build arg with a default checked where set
  const plain = image.replace(/\$\{[A-Z_]+:-([^}]+)\}/g, '$1');
  if (/:latest($|@)/.test(plain)) return `${image}: never use latest`;
  if (!plain.includes('@sha256:') && !/:[\w.-]*\d/.test(plain.split('/').pop() ?? ''))
    return `${image}: pin a version tag or a digest`;
  if (!PINNED_IMAGE.test(plain)) return `${image}: not a valid image reference`;
  return null;
}

export function lintDockerfile(text) {
  const problems = [];
  const instructions = parseDockerfile(text);
  const stages = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.split(/\s+/);
      const isStageRef = stages.some((stage) => stage.name === image);
      if (!isStageRef) {
        const problem = imageProblem(image);
        if (problem) problems.push(`line ${instruction.line}: ${problem}`);
      }
      stages.push({ name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
      continue;
    }
    if (stages.length === 0) {
      if (instruction.keyword !== 'ARG')
        problems.push(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
      continue;
    }
    stages[stages.length - 1].instructions.push(instruction);
  }
  if (stages.length === 0) problems.push('no FROM');

  const copiedFrom = new Set(
    instructions
      .filter((i) => i.keyword === 'COPY')
      .map((i) => /--from=(\S+)/.exec(i.args)?.[1])
      .filter(Boolean),
  );
  for (const stage of stages) {
    const label = stage.name ?? '(unnamed stage)';
    for (const instruction of stage.instructions) {
      const at = `line ${instruction.line}`;
      if (instruction.keyword === 'ADD')
        problems.push(`${at}: use COPY (ADD fetches URLs and unpacks archives)`);
      if (instruction.keyword === 'RUN') {
        const run = instruction.args;
        if (/apt-get install/.test(run) && !/--no-install-recommends/.test(run))
          problems.push(`${at}: apt-get install without --no-install-recommends`);
        if (/apt-get install/.test(run) && !/rm -rf \/var\/lib\/apt\/lists/.test(run))
          problems.push(`${at}: apt-get install without removing /var/lib/apt/lists`);
        if (/\bsudo\b/.test(run)) problems.push(`${at}: no sudo in images`);
        for (const install of run.matchAll(/npm (?:install|i)\b([^&;]*)/g)) {
          const isPinnedGlobalNpm = /-g\s+npm@\d+\.\d+\.\d+/.test(install[1]);
          if (!isPinnedGlobalNpm)
            problems.push(`${at}: use npm ci (the lock file), not npm install`);
        }
      }
    }
    // Only build stages (copied from by another stage) may stay root and skip the runtime rules.
    if (stage.name && copiedFrom.has(stage.name)) continue;
    const users = stage.instructions.filter((i) => i.keyword === 'USER');
    const user = users.at(-1)?.args.split(':')[0];
    if (!user) problems.push(`stage ${label}: no USER (runs as root)`);
    else if (user === 'root' || user === '0') problems.push(`stage ${label}: USER is root`);
    if (!stage.instructions.some((i) => i.keyword === 'HEALTHCHECK'))
      problems.push(`stage ${label}: no HEALTHCHECK`);
    const cmd = stage.instructions.filter((i) => i.keyword === 'CMD').at(-1);
    if (!cmd) problems.push(`stage ${label}: no CMD`);
    else if (!cmd.args.startsWith('['))
      problems.push(
        `line ${cmd.line}: CMD in shell form (signals would go to the shell, not node)`,
      );
  }
  return problems;
}

/** `image:` lines of a compose file. */
export function lintComposeImages(text) {
  const problems = [];
  text.split('\n').forEach((line, index) => {
    const match = /^\s*image:\s*['"]?([^'"\s]+)/.exec(line);
    if (!match) return;
    const image = match[1].replace(/\$\{[A-Z_]+:-([^}]+)\}/g, '$1');
    const problem = imageProblem(image);
    if (problem) problems.push(`line ${index + 1}: ${problem}`);
  });
  return problems;
}

function main() {
  const dockerDir = join(root, 'docker');
  const files = process.argv.slice(2);
  const dockerfiles = files.length
    ? files
    : readdirSync(dockerDir)
        .filter((name) => /^Dockerfile(\.[\w-]+)?$/.test(name) && !name.endsWith('.dockerignore'))
        .map((name) => join(dockerDir, name));
  let failed = false;
  for (const file of dockerfiles) {
    const problems = lintDockerfile(readFileSync(file, 'utf8'));
    for (const problem of problems) console.error(`${relative(root, file)}: ${problem}`);
    failed ||= problems.length > 0;
  }
  if (files.length === 0) {
    const compose = join(dockerDir, 'compose.yml');
    const problems = lintComposeImages(readFileSync(compose, 'utf8'));
    for (const problem of problems) console.error(`docker/compose.yml: ${problem}`);
    failed ||= problems.length > 0;
  }
  if (failed) process.exit(1);
  console.log(`Dockerfiles OK: ${dockerfiles.map((file) => relative(root, file)).join(', ')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
