/**
 * An error from a system we depend on (Proxmox, mail, Redis). The global filter answers it with
 * its statusCode and publicMessage; the cause and upstream details stay in the logs.
 */
export abstract class InfrastructureError extends Error {
  abstract readonly statusCode: number;

  /** What the API caller may read: clear, without upstream bodies or internals. */
  get publicMessage(): string {
    return this.message;
  }
}
