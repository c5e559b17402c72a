import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** Node refuses control characters in the reason phrase; pveproxy uses the first line only. */
export function reasonPhrase(message: string): string {
  const firstLine = message.split(/\r?\n/)[0] ?? '';
  return firstLine.replace(/[^\t\x20-\x7e]/g, '?') || 'Error';
}

/** pveproxy's headers; like pveproxy it ends keep-alive after any status >= 300. */
function baseHeaders(status: number): Record<string, string> {
  const date = new Date().toUTCString();
  return {
    Date: date,
    Expires: date,
    'Cache-Control': 'max-age=0',
    Pragma: 'no-cache',
    Server: 'pve-api-daemon/3.0',
    ...(status >= 300 ? { Connection: 'close' } : {}),
  };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  reason: string | undefined,
  body: unknown,
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, reason === undefined ? undefined : reasonPhrase(reason), {
    ...baseHeaders(status),
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  response.end(text);
}

/** A failed API call: status line reason = first line; body {data:null, message[, errors]}. */
export function sendApiError(
  response: ServerResponse,
  status: number,
  message: string,
  errors?: Record<string, string>,
): void {
  const text = message.endsWith('\n') ? message : `${message}\n`;
  sendJson(response, status, message, {
    data: null,
    ...(errors ? { errors } : {}),
    message: text,
  });
}

/** 401s (and other pre-handler refusals) carry the plain message text as the body. */
export function sendPlain(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, reasonPhrase(message), {
    ...baseHeaders(status),
    'Content-Type': 'text/plain;charset=UTF-8',
    'Content-Length': String(Buffer.byteLength(message)),
  });
  response.end(message);
}

/** An HTTP answer written straight to a socket (a refused WebSocket upgrade). */
export function writeRawResponse(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const headers = {
    ...baseHeaders(status),
    'Content-Type': 'text/plain;charset=UTF-8',
    'Content-Length': String(Buffer.byteLength(message)),
    Connection: 'close',
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  socket.end(`HTTP/1.1 ${status} ${reasonPhrase(message)}\r\n${head}\r\n\r\n${message}`);
}

export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
