import type { IncomingMessage } from 'node:http';

import { PveError } from '../core/pve-error';
import type { Params } from '../services/params';

/** pveproxy rejects larger POST bodies (libpve-http-server 5.2.1+). */
export const MAX_BODY_BYTES = 512 * 1024;

/** Adds a value; repeated keys are joined with NUL, as pveproxy's decode_urlencoded does. */
function add(params: Params, key: string, value: string): void {
  params[key] = params[key] === undefined ? value : `${params[key]}\0${value}`;
}

export function paramsFromSearch(search: URLSearchParams, into: Params = {}): Params {
  for (const [key, value] of search) add(into, key, value);
  return into;
}

function jsonValue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new PveError(413, 'request too large'));
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** POST/PUT bodies: form-encoded (what Proxmox clients send) or JSON. */
export function paramsFromBody(contentType: string | undefined, body: Buffer): Params {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  if ((contentType ?? '').includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new PveError(400, 'unable to parse JSON body');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new PveError(400, 'JSON body must be an object');
    }
    const params: Params = {};
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      const converted = jsonValue(value);
      if (converted !== undefined) params[key] = converted;
    }
    return params;
  }
  return paramsFromSearch(new URLSearchParams(text));
}
