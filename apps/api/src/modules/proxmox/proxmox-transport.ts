import { Agent as HttpAgent, request as httpRequest, IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

import { CircuitBreaker } from './circuit-breaker';
import { ProxmoxApiError, ProxmoxError, ProxmoxUnavailableError } from './proxmox.errors';

export type PveMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type PveParams = Record<string, string | number | boolean | undefined>;

/** How a request authenticates: the API token, or a ticket (console user). */
export type PveAuth =
  { kind: 'token'; header: string } | { kind: 'ticket'; ticket: string; csrfToken: string };

/** One request/response pair, reported to an observer (contract tests, metrics). */
export interface ProxmoxExchange {
  method: PveMethod;
  /** Path below /api2/json, e.g. /nodes/pve1/lxc/100/status/start */
  path: string;
  params: Record<string, string>;
  status: number;
  data?: unknown;
  durationMs: number;
}

export interface TransportOptions {
  apiUrl: string;
  ca?: Buffer;
  insecureTls: boolean;
  timeoutMs: number;
  breaker: CircuitBreaker;
  observer?: (exchange: ProxmoxExchange) => void;
  /** Backoff before each retry of an idempotent GET. */
  retryDelaysMs?: number[];
}

/** Booleans go over the wire as 1/0, like Proxmox's own clients send them. */
function encodeParams(params: PveParams): Record<string, string> {
  const encoded: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    encoded[key] = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  }
  return encoded;
}

/** Network-level failures and gateway pseudo-codes mean "Proxmox is not there". */
function isUnavailableStatus(status: number): boolean {
  return status === 502 || status === 503 || status === 504 || status >= 595;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The only place that knows /api2/json: the `{data}` envelope, form encoding, auth headers, TLS,
 * timeouts, retries of idempotent GETs and the circuit breaker.
 */
export class ProxmoxTransport {
  private readonly base: URL;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly observers: ((exchange: ProxmoxExchange) => void)[] = [];

  constructor(private readonly options: TransportOptions) {
    this.base = new URL(options.apiUrl.replace(/\/+$/, ''));
    if (options.observer) this.observers.push(options.observer);
    this.agent =
      this.base.protocol === 'https:'
        ? new HttpsAgent({
            keepAlive: true,
            maxSockets: 16,
            ca: options.ca,
            rejectUnauthorized: !options.insecureTls,
          })
        : new HttpAgent({ keepAlive: true, maxSockets: 16 });
  }

  get apiUrl(): URL {
    return this.base;
  }

  /** TLS settings for other connections to the same nodes (the console websocket). */
  get tlsOptions(): { ca?: Buffer; rejectUnauthorized: boolean } {
    return { ca: this.options.ca, rejectUnauthorized: !this.options.insecureTls };
  }

  async call<T>(method: PveMethod, path: string, params: PveParams, auth: PveAuth): Promise<T> {
    const retries = method === 'GET' ? (this.options.retryDelaysMs ?? [200, 600]) : [];
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.callOnce<T>(method, path, params, auth);
      } catch (error) {
        const canRetry =
          error instanceof ProxmoxUnavailableError &&
          attempt < retries.length &&
          !/circuit/.test(error.message);
        if (!canRetry) throw error;
        await sleep(retries[attempt]);
      }
    }
  }

  private async callOnce<T>(
    method: PveMethod,
    path: string,
    params: PveParams,
    auth: PveAuth,
  ): Promise<T> {
    if (!this.options.breaker.tryAcquire()) {
      throw new ProxmoxUnavailableError('Proxmox circuit is open after repeated failures');
    }
    const encoded = encodeParams(params);
    const started = performance.now();
    try {
      const { status, data } = await this.send(method, path, encoded, auth);
      this.options.breaker.recordSuccess();
      this.notify({
        method,
        path,
        params: encoded,
        status,
        data,
        durationMs: performance.now() - started,
      });
      return data as T;
    } catch (error) {
      const unavailable = error instanceof ProxmoxUnavailableError;
      if (unavailable) this.options.breaker.recordFailure();
      else this.options.breaker.recordSuccess();
      const status = error instanceof ProxmoxApiError ? error.httpStatus : 0;
      this.notify({
        method,
        path,
        params: encoded,
        status,
        durationMs: performance.now() - started,
      });
      throw error;
    }
  }

  private send(
    method: PveMethod,
    path: string,
    params: Record<string, string>,
    auth: PveAuth,
  ): Promise<{ status: number; data: unknown }> {
    const url = new URL(`${this.base.pathname}${path}`, this.base);
    const form = new URLSearchParams(params).toString();
    const hasBody = method === 'POST' || method === 'PUT';
    if (!hasBody && form) url.search = form;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (auth.kind === 'token') headers['authorization'] = auth.header;
    else if (auth.kind === 'ticket') {
      headers['cookie'] = `PVEAuthCookie=${encodeURIComponent(auth.ticket)}`;
      if (method !== 'GET') headers['csrfpreventiontoken'] = auth.csrfToken;
    }
    if (hasBody) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(form));
    }
    const requester = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: ProxmoxError) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        request.destroy();
        reject(error);
      };
      const request = requester(
        url,
        { method, headers, agent: this.agent },
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', () =>
            fail(new ProxmoxUnavailableError(`${method} ${path}: connection lost`)),
          );
          response.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(deadline);
            const status = response.statusCode ?? 0;
            const text = Buffer.concat(chunks).toString('utf8');
            let body:
              { data?: unknown; message?: string; errors?: Record<string, string> } | undefined;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              body = undefined;
            }
            if (status === 200) return resolve({ status, data: body?.data ?? null });
            // Proxmox puts the error text in the reason phrase; newer servers repeat it in the body.
            const reason = (
              response.statusMessage ||
              body?.message ||
              text ||
              `HTTP ${status}`
            ).trim();
            if (isUnavailableStatus(status))
              return reject(new ProxmoxUnavailableError(`${method} ${path}: ${status} ${reason}`));
            reject(new ProxmoxApiError(status, reason, body?.errors ?? {}));
          });
        },
      );
      const deadline = setTimeout(
        () =>
          fail(
            new ProxmoxUnavailableError(
              `${method} ${path}: no answer within ${this.options.timeoutMs} ms`,
            ),
          ),
        this.options.timeoutMs,
      );
      request.on('error', (error: Error) =>
        fail(new ProxmoxUnavailableError(`${method} ${path}: ${error.message}`)),
      );
      if (hasBody) request.write(form);
      request.end();
    });
  }

  /** Watches every exchange (contract tests, request counts, metrics); returns an unsubscribe. */
  observe(observer: (exchange: ProxmoxExchange) => void): () => void {
    this.observers.push(observer);
    return () => this.observers.splice(this.observers.indexOf(observer), 1);
  }

  private notify(exchange: ProxmoxExchange): void {
    for (const observer of this.observers) observer(exchange);
  }

  close(): void {
    this.agent.destroy();
  }
}
