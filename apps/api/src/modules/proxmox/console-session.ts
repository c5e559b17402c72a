import type { PveAuth, ProxmoxTransport } from './proxmox-transport';

/** A ticket is valid for 2 h; renew well before. */
const TICKET_RENEW_AFTER_MS = 90 * 60 * 1000;

interface TicketResponse {
  ticket: string;
  CSRFPreventionToken: string;
  username: string;
}

/**
 * The console user's Proxmox login. vncwebsocket only accepts a PVEAuthCookie ticket of the same
 * user who called vncproxy, so console work runs under this ticket, never the API token.
 */
export class ConsoleSession {
  private current: { auth: PveAuth & { kind: 'ticket' }; obtainedAt: number } | undefined;
  private pending: Promise<PveAuth & { kind: 'ticket' }> | undefined;

  constructor(
    private readonly transport: ProxmoxTransport,
    private readonly user: string,
    private readonly password: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** A valid ticket, logging in or renewing when needed; concurrent callers share one login. */
  async auth(): Promise<PveAuth & { kind: 'ticket' }> {
    const current = this.current;
    if (current && this.now() - current.obtainedAt < TICKET_RENEW_AFTER_MS) return current.auth;
    this.pending ??= this.login(current?.auth.ticket).finally(() => (this.pending = undefined));
    return this.pending;
  }

  invalidate(): void {
    this.current = undefined;
  }

  private async login(previousTicket: string | undefined): Promise<PveAuth & { kind: 'ticket' }> {
    const attempt = (password: string) =>
      this.transport.call<TicketResponse>(
        'POST',
        '/access/ticket',
        { username: this.user, password },
        { kind: 'ticket', ticket: '', csrfToken: '' },
      );
    let response: TicketResponse;
    try {
      // Renewal posts the old ticket as the password; fall back to the password if it was refused.
      response = previousTicket ? await attempt(previousTicket) : await attempt(this.password);
    } catch (error) {
      if (!previousTicket) throw error;
      response = await attempt(this.password);
    }
    const auth = {
      kind: 'ticket' as const,
      ticket: response.ticket,
      csrfToken: response.CSRFPreventionToken,
    };
    this.current = { auth, obtainedAt: this.now() };
    return auth;
  }
}
