import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : /^-?\d+$/.test(String(value))
      ? Number(value)
      : value;
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : value === 'true' || value === '1'
      ? true
      : value === 'false' || value === '0'
        ? false
        : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every environment variable the API reads. Unset optional groups select the embedded defaults:
 * SQLite under DATA_DIR, the in-process Proxmox simulator, the mail outbox, in-memory real time.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 5000;

  @IsString()
  HOST = '0.0.0.0';

  @IsString()
  DATA_DIR = './data';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(mysql|mariadb|sqlite):/, {
    message: 'DATABASE_URL must start with mysql://, mariadb:// or sqlite:',
  })
  DATABASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(3600)
  JWT_REFRESH_TTL_SECONDS = 30 * 24 * 3600;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(15)
  BCRYPT_COST = 12;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  /** First start: the demo customer's starting balance (minor units), so it can try the panel. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  DEMO_BALANCE_MINOR = 5000;

  /** Comma-separated list of extra allowed browser origins. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis:// or rediss://' })
  REDIS_URL?: string;

  /** Namespace of this panel's keys and channels in Redis (two panels may share one Redis). */
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, {
    message: 'REDIS_KEY_PREFIX may hold letters, digits and _ . : - (at most 64)',
  })
  REDIS_KEY_PREFIX = 'hostdeck';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  MONITORING_INTERVAL_SECONDS = 30;

  /** Days a server stays suspended for non-payment before it is deleted. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  BILLING_GRACE_DAYS = 7;

  /** Remind a customer when the balance covers fewer days than this. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60)
  BILLING_REMINDER_DAYS = 3;

  /** UTC time of the daily charge, HH:MM. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'BILLING_CHARGE_TIME must be HH:MM (UTC)' })
  BILLING_CHARGE_TIME = '00:05';

  /** Alert when a resource is above this percent. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  ALERT_CPU_PERCENT = 90;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  ALERT_MEMORY_PERCENT = 90;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  ALERT_DISK_PERCENT = 90;

  /** At most one alert notification per resource per server in this many minutes. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_080)
  ALERT_COOLDOWN_MINUTES = 60;

  /** A firing alert recovers only this many points below its threshold. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(50)
  ALERT_HYSTERESIS_PERCENT = 10;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'PROXMOX_API_URL must be an http(s) URL' })
  PROXMOX_API_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^@!\s]+@[^@!\s]+![^@!\s]+$/, {
    message: 'PROXMOX_TOKEN_ID must look like USER@REALM!TOKENID',
  })
  PROXMOX_TOKEN_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  PROXMOX_TOKEN_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  PROXMOX_NODE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'PROXMOX_WEB_URL must be an http(s) URL' })
  PROXMOX_WEB_URL?: string;

  /** A @pve user with only VM.Console/VM.Audit: vncwebsocket refuses API tokens. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^@!\s]+@[^@!\s]+$/, { message: 'PROXMOX_CONSOLE_USER must look like USER@REALM' })
  PROXMOX_CONSOLE_USER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  PROXMOX_CONSOLE_PASSWORD?: string;

  /** SSH to the nodes for `pct exec <vmid> -- chpasswd` (no REST API changes an LXC root password). */
  @IsString()
  PROXMOX_SSH_USER = 'root';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  PROXMOX_SSH_KEY_FILE?: string;

  /** node=host pairs, comma-separated; a node not listed is reached at the API URL's host. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^=,\s]+=[^=,\s]+(,[^=,\s]+=[^=,\s]+)*$/, {
    message: 'PROXMOX_SSH_HOSTS must look like pve1=10.0.0.1,pve2=10.0.0.2',
  })
  PROXMOX_SSH_HOSTS?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PROXMOX_SSH_PORT = 22;

  /** SHA256 fingerprint of the nodes' SSH host key (base64, as ssh-keygen -l prints after "SHA256:"). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  PROXMOX_SSH_HOST_FINGERPRINT?: string;

  /** PEM file with the CA that signed the nodes' certificates (self-signed PVE installs). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  PROXMOX_CA_FILE?: string;

  /** Explicit opt-out of TLS verification for Proxmox only; never implied. */
  @Transform(toBool)
  @IsBoolean()
  PROXMOX_INSECURE_TLS = false;

  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(300_000)
  PROXMOX_TIMEOUT_MS = 15_000;

  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(7200)
  PROXMOX_TASK_TIMEOUT_SECONDS = 600;

  /** Storage for container root disks. */
  @IsString()
  PROXMOX_STORAGE = 'local-lvm';

  /** Storage holding the OS templates (vztmpl content). */
  @IsString()
  PROXMOX_TEMPLATE_STORAGE = 'local';

  @IsString()
  PROXMOX_BRIDGE = 'vmbr0';

  /** Graceful stop: seconds Proxmox waits for the container to shut down before stopping it hard. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(600)
  SERVER_SHUTDOWN_TIMEOUT_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  SERVER_SNAPSHOT_LIMIT = 5;

  /** Monthly price of each core above (credit below) the tariff, in minor units. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  PRICE_PER_CORE_MINOR = 300;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  PRICE_PER_GB_MEMORY_MINOR = 200;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  PRICE_PER_GB_DISK_MINOR = 10;

  /** Refund today's charge when a customer deletes a server. */
  @Transform(toBool)
  @IsBoolean()
  REFUND_ON_DELETE = false;

  /** How long a console session may wait to be opened. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(600)
  CONSOLE_SESSION_TTL_SECONDS = 60;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMTP_HOST?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT = 587;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMTP_PASS?: string;

  @IsString()
  SMTP_FROM = 'Hostdeck <no-reply@hostdeck.local>';

  /** How often the mail worker looks for due mail (new mail is also sent at once). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  MAIL_POLL_SECONDS = 5;

  /** First retry delay after a failed send; it doubles with each attempt (capped at an hour). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  MAIL_RETRY_BASE_SECONDS = 30;

  /** Attempts before a mail is marked failed (it stays in the outbox; admins can resend). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_MAX_ATTEMPTS = 8;

  /** Public address of the panel, for links in emails. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'PANEL_URL must be an http(s) URL' })
  PANEL_URL?: string;

  @Transform(toBool)
  @IsBoolean()
  SERVE_WEB = true;

  /** Set behind a reverse proxy so client IPs come from X-Forwarded-For. */
  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  AUTH_RATE_LIMIT_PER_MINUTE = 10;

  /** On SIGTERM/SIGINT: seconds to keep serving while readiness answers 503 (load balancers notice). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  SHUTDOWN_DRAIN_SECONDS = 0;

  /** On SIGTERM/SIGINT: the whole shutdown's bound; what is still running then is cut off. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  SHUTDOWN_GRACE_SECONDS = 30;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';
}

function describe(error: ValidationError): string[] {
  const messages = Object.values(error.constraints ?? {});
  return messages.length > 0 ? [messages[0]] : [`${error.property} is invalid`];
}

/** Validates the environment; throws one line per offending variable. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  const problems = errors.flatMap((error) =>
    describe(error).map(
      (message) => `${error.property}: ${message} (got ${JSON.stringify(raw[error.property])})`,
    ),
  );
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
    problems.push('JWT_SECRET: required in production (at least 32 characters)');
  }
  if (env.PROXMOX_API_URL && (!env.PROXMOX_TOKEN_ID || !env.PROXMOX_TOKEN_SECRET)) {
    problems.push('PROXMOX_TOKEN_ID/PROXMOX_TOKEN_SECRET: required when PROXMOX_API_URL is set');
  }
  if (env.PROXMOX_CONSOLE_USER && !env.PROXMOX_CONSOLE_PASSWORD) {
    problems.push('PROXMOX_CONSOLE_PASSWORD: required when PROXMOX_CONSOLE_USER is set');
  }
  if (problems.length > 0) {
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  return env;
}
