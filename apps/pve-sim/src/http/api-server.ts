import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';

import { HttpMethod, PveSchema } from '@hostdeck/pve-schema';

import { AuthFailure, AuthService } from '../auth/auth-service';
import { requirePrivilege } from '../auth/permissions';
import { errorMessage, PveError } from '../core/pve-error';
import type { Params } from '../services/params';
import type { Caller, SimContext } from '../sim-context';
import type { ConsoleSessions } from '../vnc/console-sessions';
import type { ControlApi } from './control-api';
import { paramsFromBody, paramsFromSearch, readBody } from './request-params';
import { delay, sendApiError, sendJson, sendPlain, writeRawResponse } from './respond';
import { ApiResult, Route } from './route';

const API_PREFIX = '/api2/json';
const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];

/**
 * Responses where real PVE knowingly differs from its schema; strict mode does not count them.
 * GET .../interfaces of a stopped CT: pve-container's get_interfaces returns undef → null.
 */
const KNOWN_UPSTREAM_DEVIATIONS: { method: string; template: string; data: unknown }[] = [
  { method: 'GET', template: '/nodes/{node}/lxc/{vmid}/interfaces', data: null },
];

/** An answer the pipeline sends instead of the handler's (auth, routing, faults). */
class EarlyAnswer {
  constructor(readonly send: () => Promise<void> | void) {}
}

/** How the pipeline answers early: an HTTP response, or raw bytes on an upgrade socket. */
interface Replier {
  plain(status: number, message: string): void;
  error(status: number, message: string, errors?: Record<string, string>): void;
}

interface Prepared {
  route: Route;
  template: string;
  params: Params;
  caller: Caller;
}

/** pveproxy in one class: auth, routing, parameter checks, the envelope, faults. */
export class ApiServer {
  readonly server: Server;
  private readonly routes = new Map<string, Route>();
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();
  private host = '127.0.0.1';
  private port = 0;
  private refuseTimer: NodeJS.Timeout | undefined;
  private isClosing = false;

  constructor(
    private readonly sim: SimContext,
    private readonly schema: PveSchema,
    private readonly auth: AuthService,
    private readonly consoles: ConsoleSessions,
    private readonly control: ControlApi,
    routes: Route[],
  ) {
    for (const route of routes) this.routes.set(`${route.method} ${route.template}`, route);
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendApiError(response, 500, errorMessage(error));
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.handleUpgrade(request, socket, head).catch((error: unknown) =>
        writeRawResponse(socket, 500, errorMessage(error)),
      );
    });
  }

  async listen(host: string, port: number): Promise<number> {
    this.host = host;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  /** Closes the listener for a while: new connections are refused, then it listens again. */
  refuseConnections(durationMs: number): void {
    clearTimeout(this.refuseTimer);
    if (this.server.listening) this.server.close();
    this.server.closeIdleConnections();
    this.refuseTimer = setTimeout(() => {
      if (!this.isClosing && !this.server.listening) this.server.listen(this.port, this.host);
    }, durationMs);
  }

  async close(): Promise<void> {
    this.isClosing = true;
    clearTimeout(this.refuseTimer);
    for (const response of this.hanging) response.destroy();
    await new Promise<void>((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    for (const socket of this.sockets) socket.destroy();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://pve-sim');
    if (url.pathname.startsWith('/__sim/')) return this.control.handle(request, response, url);
    if (url.pathname !== API_PREFIX && !url.pathname.startsWith(`${API_PREFIX}/`)) {
      return sendPlain(response, 501, `no such file '${url.pathname}'`);
    }
    const path = url.pathname.slice(API_PREFIX.length) || '/';
    const method = (request.method ?? 'GET').toUpperCase() as HttpMethod;

    if (this.sim.faults.shouldHang(method, path)) {
      this.hanging.add(response);
      response.on('close', () => this.hanging.delete(response));
      return;
    }
    await delay(this.sim.faults.latencyFor(method, path));

    let body: Params = {};
    try {
      if (method === 'POST' || method === 'PUT') {
        body = paramsFromBody(request.headers['content-type'], await readBody(request));
      }
    } catch (error) {
      const failure = error instanceof PveError ? error : PveError.fail(errorMessage(error));
      return sendApiError(response, failure.status, failure.message);
    }
    if (this.sim.faults.shouldFail(method, path)) {
      const { errorStatus, errorMessage: message } = this.sim.faults.current();
      return sendApiError(response, errorStatus, message);
    }

    const reply: Replier = {
      plain: (status, message) => sendPlain(response, status, message),
      error: (status, message, errors) => sendApiError(response, status, message, errors),
    };
    const prepared = await this.prepare(request, method, path, url, body, reply);
    if (prepared instanceof EarlyAnswer) return prepared.send();
    const { route, template, params, caller } = prepared;
    let data: unknown;
    try {
      data = await route.handler({ method, path, template, params, caller });
    } catch (error) {
      const failure = error instanceof PveError ? error : PveError.fail(errorMessage(error));
      if (failure.status === 401) await delay(this.sim.options.authFailureDelayMs);
      return sendApiError(response, failure.status, failure.message, failure.errors);
    }
    const envelope = data instanceof ApiResult ? { data: data.data, ...data.extra } : { data };
    this.checkResponse(method, path, template, envelope.data);
    sendJson(response, 200, undefined, envelope);
  }

  /**
   * Everything before the handler, in pveproxy's order: authentication (401), routing (501),
   * API-token restriction (403), node proxying (595), parameter merge and checks (400), permission
   * (403). Shared by plain requests and the vncwebsocket upgrade.
   */
  private async prepare(
    request: IncomingMessage,
    method: HttpMethod,
    path: string,
    url: URL,
    body: Params,
    reply: Replier,
  ): Promise<Prepared | EarlyAnswer> {
    const credentials = this.auth.extractCredentials(request.headers);
    const isLogin = method === 'POST' && path === '/access/ticket';
    let caller: Caller = { authid: '', userid: '', isToken: false, role: 'console' };
    if (isLogin) {
      if (credentials.kind === 'token') {
        return new EarlyAnswer(() =>
          reply.error(
            403,
            "Permission check failed (URI '/access/ticket' not available with API token, need proper ticket.\n)",
          ),
        );
      }
    } else {
      try {
        caller = this.auth.authenticate(credentials, method);
      } catch (error) {
        if (!(error instanceof AuthFailure)) throw error;
        return new EarlyAnswer(async () => {
          await delay(this.sim.options.authFailureDelayMs);
          reply.plain(401, error.message);
        });
      }
    }

    const match = METHODS.includes(method) ? this.schema.match(method, path) : undefined;
    const route = match && this.routes.get(`${method} ${match.template}`);
    if (!match || !route) {
      return new EarlyAnswer(() => reply.error(501, `Method '${method} ${path}' not implemented`));
    }
    if (caller.isToken && match.info.allowtoken === 0) {
      return new EarlyAnswer(() =>
        reply.error(
          403,
          `Permission check failed (URI '${path}' not available with API token, need proper ticket.\n)`,
        ),
      );
    }

    const node = match.pathParams['node'];
    if (node !== undefined) {
      if (!this.sim.state.nodes.has(node)) {
        return new EarlyAnswer(() =>
          reply.error(
            500,
            `hostname lookup '${node}' failed - failed to get address info for: ${node}: Name or service not known`,
          ),
        );
      }
      if (this.sim.faults.isNodeDown(node)) {
        return new EarlyAnswer(() => reply.error(595, 'No route to host'));
      }
    }

    const params = paramsFromSearch(url.searchParams, { ...body });
    delete params['_dc'];
    for (const [key, value] of Object.entries(match.pathParams)) {
      if (params[key] !== undefined && params[key] !== value) {
        return new EarlyAnswer(() =>
          reply.error(400, 'Parameter verification failed.', {
            [key]: 'duplicate parameter (already defined in URI) with conflicting values!',
          }),
        );
      }
      params[key] = value;
    }

    const permission = route.permission?.(params);
    if (permission && !isLogin) {
      try {
        requirePrivilege(caller, permission[0], permission[1]);
      } catch (error) {
        const failure = error as PveError;
        return new EarlyAnswer(() => reply.error(failure.status, failure.message));
      }
    }

    const validation = this.schema.validateRequest(method, match.template, params);
    if (!validation.ok) {
      return new EarlyAnswer(() =>
        reply.error(400, 'Parameter verification failed.', validation.errors),
      );
    }
    return { route, template: match.template, params, caller };
  }

  private checkResponse(method: string, path: string, template: string, data: unknown): void {
    if (!this.sim.options.strict) return;
    const isKnown = KNOWN_UPSTREAM_DEVIATIONS.some(
      (entry) => entry.method === method && entry.template === template && entry.data === data,
    );
    if (isKnown) return;
    const result = this.schema.validateResponse(method as HttpMethod, template, data);
    if (!result.ok) {
      this.sim.violations.push({
        method,
        path,
        template,
        errors: result.errors,
        at: new Date().toISOString(),
      });
    }
  }

  private async handleUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://pve-sim');
    const path = url.pathname.startsWith(`${API_PREFIX}/`)
      ? url.pathname.slice(API_PREFIX.length)
      : '';
    const method: HttpMethod = 'GET';
    const reply: Replier = {
      plain: (status, message) => writeRawResponse(socket, status, message),
      error: (status, message) => writeRawResponse(socket, status, message),
    };
    if (!/^\/nodes\/[^/]+\/lxc\/[^/]+\/vncwebsocket$/.test(path)) {
      return reply.error(501, `Method 'GET ${path || url.pathname}' not implemented`);
    }
    const credentials = this.auth.extractCredentials(request.headers);
    if (credentials.kind === 'token' && !this.sim.options.allowTokenConsole) {
      await delay(this.sim.options.authFailureDelayMs);
      return reply.plain(401, 'No ticket');
    }
    const prepared = await this.prepare(request, method, path, url, {}, reply);
    if (prepared instanceof EarlyAnswer) return prepared.send();
    try {
      this.consoles.connect(request, socket, head, prepared.caller, prepared.params);
    } catch (error) {
      const failure = error instanceof PveError ? error : PveError.fail(errorMessage(error));
      reply.error(failure.status, failure.message);
    }
  }
}
