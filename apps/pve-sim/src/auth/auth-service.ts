import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import type { Clock } from '../core/clock';
import { PveError } from '../core/pve-error';
import type { ResolvedOptions } from '../options';
import type { Caller } from '../sim-context';
import type { ClusterState } from '../state/cluster-state';

/** A ticket is valid for 2 h, and up to 5 min "from the future" (clock skew), like PVE. */
export const TICKET_LIFETIME_S = 7200;
const CLOCK_SKEW_S = 300;

export type Credentials =
  | { kind: 'none' }
  | { kind: 'ticket'; ticket: string; csrfToken?: string }
  | { kind: 'token'; value: string };

/** An authentication failure: 401 before any handler runs (delayed like pveproxy). */
export class AuthFailure extends Error {
  constructor(message: string) {
    super(message);
  }
}

const hex8 = (value: number) => value.toString(16).toUpperCase().padStart(8, '0');

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const equals = part.indexOf('=');
    if (equals === -1) continue;
    const name = part.slice(0, equals).trim();
    const raw = part.slice(equals + 1).trim();
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

/** API tokens, users, tickets and CSRF tokens (pve-access-control, simplified). */
export class AuthService {
  constructor(
    private readonly options: ResolvedOptions,
    private readonly clock: Clock,
    private readonly state: ClusterState,
  ) {}

  private sign(text: string): string {
    return createHmac('sha256', this.state.ticketSecret).update(text).digest('base64');
  }

  /** pveproxy's order: the PVEAuthCookie cookie, then `PVEAuthCookie=` in Authorization, then a token. */
  extractCredentials(headers: IncomingHttpHeaders): Credentials {
    const csrf = headers['csrfpreventiontoken'];
    const csrfToken = Array.isArray(csrf) ? csrf[0] : csrf;
    const cookie = parseCookies(headers['cookie'])['PVEAuthCookie'];
    if (cookie) return { kind: 'ticket', ticket: cookie, csrfToken };
    const authorization = headers['authorization'] ?? '';
    const cookieInHeader = /^PVEAuthCookie=(.+)$/.exec(authorization);
    if (cookieInHeader) {
      return { kind: 'ticket', ticket: decodeURIComponent(cookieInHeader[1]), csrfToken };
    }
    const token = /^PVEAPIToken[= ](.+)$/.exec(authorization);
    if (token) return { kind: 'token', value: token[1].trim() };
    return { kind: 'none' };
  }

  /** Identifies the caller or throws AuthFailure (401). Non-GET ticket calls need the CSRF token. */
  authenticate(credentials: Credentials, method: string): Caller {
    if (credentials.kind === 'none') throw new AuthFailure('No ticket');
    if (credentials.kind === 'token') {
      const caller = this.verifyToken(credentials.value);
      if (!caller) throw new AuthFailure('Authentication failed!');
      return caller;
    }
    const verified = this.verifyTicket(credentials.ticket);
    const user = verified && this.options.users.find((entry) => entry.userid === verified.userid);
    if (!verified || !user) throw new AuthFailure('Authentication failed!');
    if (method !== 'GET' && !this.verifyCsrf(user.userid, credentials.csrfToken ?? '')) {
      throw new AuthFailure('Permission denied - invalid csrf token');
    }
    return { authid: user.userid, userid: user.userid, isToken: false, role: user.role };
  }

  private verifyToken(value: string): Caller | undefined {
    const equals = value.indexOf('=');
    if (equals === -1) return undefined;
    const tokenId = value.slice(0, equals);
    const secret = value.slice(equals + 1);
    const token = this.options.tokens.find((entry) => entry.tokenId === tokenId);
    if (!token || !safeEqual(token.secret, secret)) return undefined;
    return {
      authid: token.tokenId,
      userid: token.tokenId.split('!')[0],
      isToken: true,
      role: token.role,
    };
  }

  /** Whether an Authorization header value names a configured admin token (control endpoints). */
  isAdminToken(headers: IncomingHttpHeaders): boolean {
    const credentials = this.extractCredentials({ authorization: headers['authorization'] });
    if (credentials.kind !== 'token') return false;
    return this.verifyToken(credentials.value)?.role === 'admin';
  }

  /** POST /access/ticket: a password, or a still valid ticket to renew. */
  login(
    username: string,
    password: string,
    realm?: string,
  ): { username: string; ticket: string; CSRFPreventionToken: string } {
    const userid = username.includes('@') || !realm ? username : `${username}@${realm}`;
    const user = this.options.users.find((entry) => entry.userid === userid);
    const renewed = this.verifyTicket(password);
    const isValid =
      user !== undefined && (safeEqual(user.password, password) || renewed?.userid === user.userid);
    if (!user || !isValid) throw new PveError(401, 'authentication failure');
    return {
      username: user.userid,
      ticket: this.createTicket(user.userid),
      CSRFPreventionToken: this.csrfToken(user.userid),
    };
  }

  createTicket(userid: string): string {
    const data = `PVE:${userid}:${hex8(this.clock.nowSeconds())}`;
    return `${data}::${this.sign(data)}`;
  }

  verifyTicket(ticket: string): { userid: string; age: number } | undefined {
    const match = /^(PVE:([^:\s]+):([0-9A-F]{8}))::(.+)$/.exec(ticket);
    if (!match || !safeEqual(this.sign(match[1]), match[4])) return undefined;
    const age = this.clock.nowSeconds() - parseInt(match[3], 16);
    if (age < -CLOCK_SKEW_S || age >= TICKET_LIFETIME_S) return undefined;
    return { userid: match[2], age };
  }

  csrfToken(userid: string): string {
    const time = hex8(this.clock.nowSeconds());
    return `${time}:${this.sign(`${time}:${userid}`).replace(/=+$/, '')}`;
  }

  private verifyCsrf(userid: string, token: string): boolean {
    const match = /^([0-9A-F]{8}):(.+)$/.exec(token);
    if (!match) return false;
    const age = this.clock.nowSeconds() - parseInt(match[1], 16);
    if (age < -CLOCK_SKEW_S || age >= TICKET_LIFETIME_S) return false;
    return safeEqual(this.sign(`${match[1]}:${userid}`).replace(/=+$/, ''), match[2]);
  }

  /** A VNC ticket bound to user, guest path and port (PVE 9 `PVEVNC:` tickets). */
  vncTicket(authid: string, path: string, port: number): string {
    const time = hex8(this.clock.nowSeconds());
    const signature = this.sign(`PVEVNC:${time}:${authid}:${path}:${port}`);
    return `PVEVNC:${time}::${signature}`;
  }
}
