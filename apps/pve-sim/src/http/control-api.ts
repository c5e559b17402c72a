import type { IncomingMessage, ServerResponse } from 'node:http';

import type { AuthService } from '../auth/auth-service';
import { verifyPassword } from '../core/sha512-crypt';
import { parseFaultPatch } from '../faults/faults';
import { PIN_KEYS, PinKey } from '../load/load-model';
import { checkpointCounters } from '../services/lifecycle';
import type { SimContext } from '../sim-context';
import { readBody } from './request-params';

/** Operations of the running simulator that the control API triggers. */
export interface SimulatorControls {
  reset(): void;
  refuseConnections(durationMs: number): void;
  stateSummary(): unknown;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  response.end(text);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const text = (await readBody(request)).toString('utf8');
  if (text.trim() === '') return {};
  return JSON.parse(text) as unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The test and development control surface under /__sim (JSON, outside /api2/json), guarded by an
 * admin API token in the usual `Authorization: PVEAPIToken=...` header.
 */
export class ControlApi {
  constructor(
    private readonly sim: SimContext,
    private readonly auth: AuthService,
    private readonly controls: SimulatorControls,
  ) {}

  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (!this.auth.isAdminToken(request.headers)) {
      return send(response, 401, { error: 'an admin API token is required' });
    }
    const method = request.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '');
    let body: unknown;
    try {
      body = method === 'GET' || method === 'DELETE' ? {} : await readJson(request);
    } catch {
      return send(response, 400, { error: 'invalid JSON body' });
    }
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /__sim/state':
        return send(response, 200, this.controls.stateSummary());
      case 'POST /__sim/reset':
        this.controls.reset();
        return send(response, 200, { ok: true });
      case 'GET /__sim/violations':
        return send(response, 200, { violations: this.sim.violations });
      case 'DELETE /__sim/violations':
        this.sim.violations.length = 0;
        return send(response, 200, { ok: true });
      case 'GET /__sim/faults':
        return send(response, 200, this.sim.faults.current());
      case 'PUT /__sim/faults':
      case 'POST /__sim/faults': {
        const patch = parseFaultPatch(body);
        if (typeof patch === 'string') return send(response, 400, { error: patch });
        return send(response, 200, this.sim.faults.update(patch));
      }
      case 'DELETE /__sim/faults':
        this.sim.faults.clear();
        return send(response, 200, this.sim.faults.current());
      case 'POST /__sim/faults/refuse': {
        const durationMs = isRecord(body) ? body['durationMs'] : undefined;
        if (typeof durationMs !== 'number' || durationMs <= 0 || durationMs > 600_000) {
          return send(response, 400, { error: 'durationMs: 1..600000' });
        }
        send(response, 200, { ok: true, durationMs });
        response.on('finish', () => this.controls.refuseConnections(durationMs));
        return;
      }
      case 'GET /__sim/load':
        return send(response, 200, {
          pins: this.sim.state.allContainers().flatMap((ct) => {
            const pin = this.sim.load.pinOf(ct.vmid);
            return pin ? [{ vmid: ct.vmid, ...pin }] : [];
          }),
        });
      case 'POST /__sim/load':
        return this.pinLoad(response, body);
      case 'POST /__sim/clock': {
        const seconds = isRecord(body) ? body['advanceSeconds'] : undefined;
        if (typeof seconds !== 'number' || seconds < 0) {
          return send(response, 400, { error: 'advanceSeconds: a number >= 0' });
        }
        this.sim.clock.advance(seconds * 1000);
        return send(response, 200, { now: Math.floor(this.sim.clock.now() / 1000) });
      }
      case 'POST /__sim/verify-password': {
        const vmid = isRecord(body) ? body['vmid'] : undefined;
        const password = isRecord(body) ? body['password'] : undefined;
        const ct = typeof vmid === 'number' ? this.sim.state.containers.get(vmid) : undefined;
        if (!ct || typeof password !== 'string') {
          return send(response, 400, {
            error: 'expected {vmid, password} of an existing container',
          });
        }
        const hash = ct.rootPasswordHash;
        return send(response, 200, { match: hash !== undefined && verifyPassword(password, hash) });
      }
    }
    const unpin = /^DELETE \/__sim\/load\/(\d+)$/.exec(route);
    if (unpin) {
      const ct = this.sim.state.containers.get(Number(unpin[1]));
      if (ct) checkpointCounters(this.sim, ct);
      this.sim.load.unpin(Number(unpin[1]));
      return send(response, 200, { ok: true });
    }
    return send(response, 404, { error: `unknown control endpoint ${route}` });
  }

  /** POST /__sim/load {vmid, cpu?, mem?, disk?, netin?, netout?, diskread?, diskwrite?} */
  private pinLoad(response: ServerResponse, body: unknown): void {
    if (!isRecord(body) || typeof body['vmid'] !== 'number') {
      return send(response, 400, { error: 'expected {vmid, cpu?, mem?, disk?, netin?, ...}' });
    }
    const ct = this.sim.state.containers.get(body['vmid']);
    if (!ct) return send(response, 404, { error: `CT ${body['vmid']} does not exist` });
    const values: Partial<Record<PinKey, number>> = {};
    for (const [key, value] of Object.entries(body)) {
      if (key === 'vmid') continue;
      if (
        !(PIN_KEYS as readonly string[]).includes(key) ||
        typeof value !== 'number' ||
        value < 0
      ) {
        return send(response, 400, {
          error: `${key}: expected one of ${PIN_KEYS.join(', ')} as a number >= 0`,
        });
      }
      if (['cpu', 'mem', 'disk'].includes(key) && value > 1) {
        return send(response, 400, { error: `${key}: a fraction 0..1` });
      }
      values[key as PinKey] = value;
    }
    checkpointCounters(this.sim, ct);
    const pin = this.sim.load.pin(ct.vmid, values, this.sim.clock.now());
    return send(response, 200, { vmid: ct.vmid, ...pin });
  }
}
