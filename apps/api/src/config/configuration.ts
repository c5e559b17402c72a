import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

import { registerAs } from '@nestjs/config';

import { environment } from './environment';

function dataDir(): string {
  const dir = resolve(environment().DATA_DIR);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const appConfig = registerAs('app', () => {
  const env = environment();
  const defaultOrigins = [
    'http://localhost:3000',
    'http://localhost:5173',
    `http://localhost:${env.PORT}`,
    `http://127.0.0.1:${env.PORT}`,
  ];
  const extra = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  return {
    nodeEnv: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    host: env.HOST,
    port: env.PORT,
    dataDir: dataDir(),
    corsOrigins: [...new Set([...defaultOrigins, ...extra])],
    serveWeb: env.SERVE_WEB,
    logLevel: env.LOG_LEVEL,
    authRateLimitPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE,
    shutdownDrainMs: env.SHUTDOWN_DRAIN_SECONDS * 1000,
    shutdownGraceMs: env.SHUTDOWN_GRACE_SECONDS * 1000,
  };
});

export type DatabaseSettings =
  { type: 'better-sqlite3'; database: string } | { type: 'mysql'; url: string };

export function parseDatabaseUrl(url: string | undefined, dir: string): DatabaseSettings {
  if (!url) return { type: 'better-sqlite3', database: join(dir, 'hostdeck.sqlite') };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path === ':memory:') return { type: 'better-sqlite3', database: ':memory:' };
    return { type: 'better-sqlite3', database: isAbsolute(path) ? path : resolve(path) };
  }
  // mysql2 understands mysql:// only; MariaDB speaks the same protocol.
  return { type: 'mysql', url: url.replace(/^mariadb:/, 'mysql:') };
}

export const databaseConfig = registerAs('database', () =>
  parseDatabaseUrl(environment().DATABASE_URL, dataDir()),
);

/** The JWT secret: configured, or generated once and kept in DATA_DIR (never in code). */
function jwtSecret(): string {
  const configured = environment().JWT_SECRET;
  if (configured) return configured;
  const file = join(dataDir(), 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}

export const jwtConfig = registerAs('jwt', () => {
  const env = environment();
  return {
    secret: jwtSecret(),
    accessTtlSeconds: env.JWT_ACCESS_TTL_SECONDS,
    refreshTtlSeconds: env.JWT_REFRESH_TTL_SECONDS,
    bcryptCost: env.BCRYPT_COST,
  };
});

export const seedConfig = registerAs('seed', () => {
  const env = environment();
  return {
    adminEmail: env.ADMIN_EMAIL,
    adminPassword: env.ADMIN_PASSWORD,
    demoBalanceMinor: env.DEMO_BALANCE_MINOR,
  };
});

export const proxmoxConfig = registerAs('proxmox', () => {
  const env = environment();
  const sshHosts: Record<string, string> = {};
  for (const pair of (env.PROXMOX_SSH_HOSTS ?? '').split(',').filter(Boolean)) {
    const [node, host] = pair.split('=');
    sshHosts[node] = host;
  }
  return {
    apiUrl: env.PROXMOX_API_URL,
    tokenId: env.PROXMOX_TOKEN_ID,
    tokenSecret: env.PROXMOX_TOKEN_SECRET,
    defaultNode: env.PROXMOX_NODE,
    webUrl: env.PROXMOX_WEB_URL,
    consoleUser: env.PROXMOX_CONSOLE_USER,
    consolePassword: env.PROXMOX_CONSOLE_PASSWORD,
    ssh: {
      user: env.PROXMOX_SSH_USER,
      keyFile: env.PROXMOX_SSH_KEY_FILE,
      hosts: sshHosts,
      port: env.PROXMOX_SSH_PORT,
      hostFingerprint: env.PROXMOX_SSH_HOST_FINGERPRINT,
    },
    caFile: env.PROXMOX_CA_FILE,
    insecureTls: env.PROXMOX_INSECURE_TLS,
    timeoutMs: env.PROXMOX_TIMEOUT_MS,
    taskTimeoutSeconds: env.PROXMOX_TASK_TIMEOUT_SECONDS,
    storage: env.PROXMOX_STORAGE,
    templateStorage: env.PROXMOX_TEMPLATE_STORAGE,
    bridge: env.PROXMOX_BRIDGE,
    dataDir: dataDir(),
    /** Without an API URL the panel starts the bundled simulator as a child process. */
    useSimulator: !env.PROXMOX_API_URL,
    /** PVE_SIM_* variables are handed to the bundled simulator (task speed, seed, auth delay…). */
    simulatorEnv: Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] =>
          entry[0].startsWith('PVE_SIM_') && entry[1] !== undefined,
      ),
    ),
  };
});

export const mailConfig = registerAs('mail', () => {
  const env = environment();
  return {
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    user: env.SMTP_USER,
    pass: env.SMTP_PASS,
    from: env.SMTP_FROM,
    /** Without an SMTP host every mail is kept in the outbox for admins to read. */
    useOutbox: !env.SMTP_HOST,
    pollIntervalMs: env.MAIL_POLL_SECONDS * 1000,
    retryBaseMs: env.MAIL_RETRY_BASE_SECONDS * 1000,
    maxAttempts: env.MAIL_MAX_ATTEMPTS,
    panelUrl: (env.PANEL_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
  };
});

export const serversConfig = registerAs('servers', () => {
  const env = environment();
  return {
    shutdownTimeoutSeconds: env.SERVER_SHUTDOWN_TIMEOUT_SECONDS,
    snapshotLimit: env.SERVER_SNAPSHOT_LIMIT,
    unitPrices: {
      perCoreMinor: env.PRICE_PER_CORE_MINOR,
      perGbMemoryMinor: env.PRICE_PER_GB_MEMORY_MINOR,
      perGbDiskMinor: env.PRICE_PER_GB_DISK_MINOR,
    },
    refundOnDelete: env.REFUND_ON_DELETE,
    consoleSessionTtlSeconds: env.CONSOLE_SESSION_TTL_SECONDS,
  };
});

export const billingConfig = registerAs('billing', () => {
  const env = environment();
  const [hour, minute] = env.BILLING_CHARGE_TIME.split(':').map(Number);
  return {
    graceDays: env.BILLING_GRACE_DAYS,
    reminderDays: env.BILLING_REMINDER_DAYS,
    chargeHourUtc: hour,
    chargeMinuteUtc: minute,
    unitPrices: {
      perCoreMinor: env.PRICE_PER_CORE_MINOR,
      perGbMemoryMinor: env.PRICE_PER_GB_MEMORY_MINOR,
      perGbDiskMinor: env.PRICE_PER_GB_DISK_MINOR,
    },
  };
});

export const redisConfig = registerAs('redis', () => ({
  url: environment().REDIS_URL,
  keyPrefix: environment().REDIS_KEY_PREFIX,
}));

export const monitoringConfig = registerAs('monitoring', () => {
  const env = environment();
  return {
    intervalSeconds: env.MONITORING_INTERVAL_SECONDS,
    thresholds: {
      cpu: env.ALERT_CPU_PERCENT,
      memory: env.ALERT_MEMORY_PERCENT,
      disk: env.ALERT_DISK_PERCENT,
    },
    cooldownMs: env.ALERT_COOLDOWN_MINUTES * 60_000,
    hysteresisPercent: env.ALERT_HYSTERESIS_PERCENT,
    rawRetentionMs: 24 * 3600_000,
    hourlyRetentionMs: 90 * 24 * 3600_000,
  };
});

export const allConfigs = [
  appConfig,
  databaseConfig,
  jwtConfig,
  seedConfig,
  proxmoxConfig,
  serversConfig,
  billingConfig,
  mailConfig,
  redisConfig,
  monitoringConfig,
];
