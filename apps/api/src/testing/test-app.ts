import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createConnection } from 'mysql2/promise';

import { createApp } from '../app.factory';
import { resetEnvironmentCache } from '../config/environment';

export type DatabaseKind = 'sqlite' | 'mariadb';

/** SQLite always; MariaDB too when TEST_DATABASE_URL is set (it is in CI). */
export function databaseKinds(): DatabaseKind[] {
  return process.env['TEST_DATABASE_URL'] ? ['sqlite', 'mariadb'] : ['sqlite'];
}

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  jwtSecret: string;
  dataDir: string;
  admin: { email: string; password: string };
  close(): Promise<void>;
}

/** Creates an empty MariaDB database for one suite; dropped again on close. */
export async function createScratchDatabase(
  serverUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `hostdeck_t_${randomBytes(5).toString('hex')}`;
  const admin = await createConnection(serverUrl);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const connection = await createConnection(serverUrl);
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}

/**
 * Boots the real application (the same factory main.ts uses) on a loopback port, on a fresh
 * database of the given kind, with its own DATA_DIR.
 */
export async function startTestApp(
  kind: DatabaseKind,
  env: Record<string, string> = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hostdeck-test-'));
  const scratch =
    kind === 'mariadb'
      ? await createScratchDatabase(process.env['TEST_DATABASE_URL'] as string)
      : undefined;
  const jwtSecret = randomBytes(32).toString('hex');
  const admin = { email: 'root-admin@example.test', password: 'admin-password-123' };
  const saved = { ...process.env };
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: scratch ? scratch.url : `sqlite:${join(dataDir, 'test.sqlite')}`,
    PVE_SIM_AUTH_DELAY_MS: '0',
    PVE_SIM_TASK_SCALE: '0.01',
    JWT_SECRET: jwtSecret,
    BCRYPT_COST: '10',
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    SERVE_WEB: 'false',
    LOG_LEVEL: process.env['TEST_VERBOSE'] === '1' ? 'debug' : 'silent',
    ...env,
  });
  resetEnvironmentCache();
  let app: NestFastifyApplication | undefined;
  const writeStdout = process.stdout.write;
  try {
    // The first-start banner is for humans; keep test output clean.
    process.stdout.write = (() => true) as typeof process.stdout.write;
    app = await createApp({ quiet: process.env['TEST_VERBOSE'] !== '1' });
    await app.listen({ port: 0, host: '127.0.0.1' });
  } finally {
    process.stdout.write = writeStdout;
    process.env = saved;
    resetEnvironmentCache();
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const started = app;
  return {
    app: started,
    baseUrl: `http://127.0.0.1:${port}`,
    jwtSecret,
    dataDir,
    admin,
    close: async () => {
      await started.close();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny JSON client over real HTTP. */
export async function http<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: {
    body?: unknown;
    token?: string;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  let payload: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.body);
  } else if (payload !== undefined) {
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

let customerCount = 0;

/** Registers and logs in a new customer; a balance is credited through the admin route. */
export async function newCustomer(
  t: TestApp,
  balanceMinor = 0,
  label = 'customer',
): Promise<{ token: string; id: number; email: string }> {
  const email = `${label}${++customerCount}@example.com`;
  const password = 'a-good-password';
  await http(t.baseUrl, 'POST', '/api/auth/register', { body: { email, password } });
  const login = await http<{ accessToken: string; user: { id: number } }>(
    t.baseUrl,
    'POST',
    '/api/auth/login',
    {
      body: { email, password },
    },
  );
  if (balanceMinor > 0) {
    const admin = await http<{ accessToken: string }>(t.baseUrl, 'POST', '/api/auth/login', {
      body: t.admin,
    });
    const credit = await http(t.baseUrl, 'POST', `/api/admin/users/${login.body.user.id}/balance`, {
      token: admin.body.accessToken,
      body: { amountMinor: balanceMinor, reason: 'test top-up' },
    });
    if (credit.status !== 200) throw new Error(`top-up failed: ${credit.status}`);
  }
  return { token: login.body.accessToken, id: login.body.user.id, email };
}
