import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { sleep } from './eventually';

/** The production nginx config; tests run it with loopback ports and temp paths. */
export const NGINX_CONF = resolve(__dirname, '../../../../docker/nginx.conf');
export const NGINX_BIN = process.env['NGINX_BIN'] ?? '/usr/sbin/nginx';

export function isNginxInstalled(): boolean {
  return existsSync(NGINX_BIN);
}

/**
 * docker/nginx.conf with what only makes sense in the container replaced: the listen address, the
 * upstream servers, the pid/log/temp paths (into `dir`) and `daemon off`. Everything else (proxy
 * headers, WebSocket upgrade, retries, security headers, gzip) is the production file.
 */
export function renderNginxConf(options: {
  source?: string;
  dir: string;
  listenPort: number;
  upstreamPorts: number[];
}): string {
  const source = options.source ?? readFileSync(NGINX_CONF, 'utf8');
  const dir = options.dir;
  const replaced = source
    .replace(/^worker_processes .*;$/m, 'worker_processes 1;\ndaemon off;')
    .replace(/^pid .*;$/m, `pid ${join(dir, 'nginx.pid')};`)
    .replace(/^error_log .*;$/m, `error_log ${join(dir, 'error.log')} warn;`)
    .replace(/^(\s*)access_log .*;$/m, `$1access_log ${join(dir, 'access.log')};`)
    .replace(
      /^(\s*)(client_body|proxy|fastcgi|uwsgi|scgi)_temp_path .*;$/gm,
      (_m, indent, kind) => {
        return `${indent}${kind}_temp_path ${join(dir, `${kind}_temp`)};`;
      },
    )
    .replace(/^(\s*)listen .*;$/m, `$1listen 127.0.0.1:${options.listenPort};`)
    .replace(
      /^(\s*)(server api-1:5000[^\n]*\n)(\s*server api-2:5000[^\n]*\n)/m,
      (_m, indent: string) =>
        options.upstreamPorts
          .map((port) => `${indent}server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;\n`)
          .join(''),
    );
  for (const required of ['daemon off;', `listen 127.0.0.1:${options.listenPort};`]) {
    if (!replaced.includes(required))
      throw new Error(`docker/nginx.conf changed shape: could not set "${required}"`);
  }
  if (!replaced.includes(`server 127.0.0.1:${options.upstreamPorts[0]}`))
    throw new Error('docker/nginx.conf changed shape: the upstream servers api-1/api-2 are gone');
  return replaced;
}

export interface NginxProxy {
  baseUrl: string;
  /** The error log so far (for failure messages). */
  errors(): string;
  stop(): Promise<void>;
}

/** Runs Debian's nginx with the rendered production config in the foreground of a child. */
export async function startNginx(options: {
  dir: string;
  listenPort: number;
  upstreamPorts: number[];
}): Promise<NginxProxy> {
  mkdirSync(options.dir, { recursive: true });
  const conf = join(options.dir, 'nginx.conf');
  writeFileSync(conf, renderNginxConf(options));
  const check = spawnSync(NGINX_BIN, ['-t', '-p', options.dir, '-c', conf], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`);
  const child: ChildProcess = spawn(NGINX_BIN, ['-p', options.dir, '-c', conf], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const baseUrl = `http://127.0.0.1:${options.listenPort}`;
  const errors = () => {
    const file = join(options.dir, 'error.log');
    return `${stderr}${existsSync(file) ? readFileSync(file, 'utf8') : ''}`;
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited:\n${errors()}`);
    // Any answer from nginx itself (even a 502 while no upstream is up) means it listens.
    const answer = await fetch(`${baseUrl}/metrics`).catch(() => undefined);
    if (answer) return { baseUrl, errors, stop };
    await sleep(50);
  }
  await stop();
  throw new Error(`nginx did not start:\n${errors()}`);
}
