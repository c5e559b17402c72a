/**
 * An error the way pveproxy reports it: the HTTP status, the message (its first line becomes the
 * status-line reason phrase) and, for parameter errors, the per-parameter messages.
 */
export class PveError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, string>,
  ) {
    super(message);
    this.name = 'PveError';
  }

  /** A failed action (pveproxy's default code for `die`). */
  static fail(message: string): PveError {
    return new PveError(500, message);
  }

  /** `raise_param_exc`: 400 with per-parameter messages. */
  static param(errors: Record<string, string>): PveError {
    return new PveError(400, 'Parameter verification failed.', errors);
  }

  /** `raise_perm_exc`. */
  static permission(path: string, privilege: string): PveError {
    return new PveError(403, `Permission check failed (${path}, ${privilege})`);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
