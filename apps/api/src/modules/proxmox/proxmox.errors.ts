import { InfrastructureError } from '../../common/errors/infrastructure.error';

/** Anything that went wrong talking to Proxmox. */
export abstract class ProxmoxError extends InfrastructureError {
  override name = 'ProxmoxError';
}

/** Proxmox is unreachable, timed out, or the circuit is open: try again later (503). */
export class ProxmoxUnavailableError extends ProxmoxError {
  override name = 'ProxmoxUnavailableError';
  readonly statusCode = 503;

  override get publicMessage(): string {
    return 'The virtualization cluster is unreachable right now; please try again shortly';
  }
}

/** Proxmox answers, but every node is offline (503): nothing can be created anywhere now. */
export class ProxmoxNoNodeOnlineError extends ProxmoxUnavailableError {
  override name = 'ProxmoxNoNodeOnlineError';

  override get publicMessage(): string {
    return 'No cluster node is online right now; please try again shortly';
  }
}

/** Proxmox answered with an error (the reason phrase or body message is kept). */
export class ProxmoxApiError extends ProxmoxError {
  override name = 'ProxmoxApiError';

  constructor(
    readonly httpStatus: number,
    message: string,
    readonly parameterErrors: Record<string, string> = {},
  ) {
    super(message);
  }

  /** Proxmox refused a parameter (400): the caller's input was wrong. Anything else: 502. */
  get statusCode(): number {
    return this.httpStatus === 400 ? 400 : this.isConflict ? 409 : 502;
  }

  /** Locked, already running, not running: the state of the container, not a fault. */
  get isConflict(): boolean {
    return /is locked|already running|not running|already exists|already used/i.test(this.message);
  }

  get isNotFound(): boolean {
    return /does not exist/i.test(this.message);
  }

  override get publicMessage(): string {
    if (this.httpStatus === 400) {
      const fields = Object.entries(this.parameterErrors).map(([key, value]) => `${key}: ${value}`);
      return fields.length > 0
        ? `Proxmox rejected the request (${fields.join('; ')})`
        : this.message;
    }
    if (this.isConflict) return this.message;
    if (this.httpStatus === 401 || this.httpStatus === 403)
      return 'The panel is not allowed to do this on the cluster';
    return `The cluster could not complete the action: ${this.message}`;
  }
}

/** A task (UPID) ended with an error exit status. */
export class ProxmoxTaskError extends ProxmoxError {
  override name = 'ProxmoxTaskError';
  readonly statusCode = 502;

  constructor(
    readonly upid: string,
    readonly exitStatus: string,
  ) {
    super(`task failed: ${exitStatus}`);
  }

  override get publicMessage(): string {
    return `The cluster task failed: ${this.exitStatus}`;
  }
}

/** A task did not finish within the allowed time. */
export class ProxmoxTaskTimeoutError extends ProxmoxError {
  override name = 'ProxmoxTaskTimeoutError';
  readonly statusCode = 504;

  constructor(
    readonly upid: string,
    timeoutMs: number,
  ) {
    super(`task ${upid} did not finish within ${Math.round(timeoutMs / 1000)} s`);
  }

  override get publicMessage(): string {
    return 'The cluster is taking too long to finish this action';
  }
}

/** The container is in a state that forbids the action (e.g. password change while stopped). */
export class ProxmoxConflictError extends ProxmoxError {
  override name = 'ProxmoxConflictError';
  readonly statusCode = 409;
}
