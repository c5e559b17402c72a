import type { RawData, WebSocket } from 'ws';

import { vncAuthResponse } from '../modules/servers/console/vnc-auth';

export interface FramebufferResult {
  width: number;
  height: number;
  name: string;
  /** Message type of the first server message after the update request (0 = FramebufferUpdate). */
  firstMessageType: number;
  rectangles: number;
}

/**
 * A minimal RFB 3.8 viewer: handshake (None or VNC auth), ClientInit, one full update request.
 * Enough to prove a console really speaks VNC end to end.
 */
export async function readFirstFramebuffer(
  socket: WebSocket,
  password?: string,
  /** Bytes that arrived before this was called. */
  alreadyReceived: Buffer[] = [],
  timeoutMs = 10_000,
): Promise<FramebufferResult> {
  let buffer = Buffer.concat(alreadyReceived);
  let notify: (() => void) | undefined;
  socket.on('message', (data: RawData) => {
    buffer = Buffer.concat([
      buffer,
      Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer),
    ]);
    notify?.();
  });
  if (socket.readyState === socket.CONNECTING) {
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
  }
  if (socket.readyState === socket.CONNECTING) {
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
  }
  const deadline = Date.now() + timeoutMs;
  const read = async (length: number): Promise<Buffer> => {
    while (buffer.length < length) {
      if (Date.now() > deadline) throw new Error(`RFB: timed out waiting for ${length} bytes`);
      await new Promise<void>((resolve) => {
        notify = resolve;
        setTimeout(resolve, 50);
      });
    }
    const chunk = buffer.subarray(0, length);
    buffer = buffer.subarray(length);
    return Buffer.from(chunk);
  };

  const version = (await read(12)).toString('latin1');
  if (!version.startsWith('RFB 003.'))
    throw new Error(`RFB: unexpected version ${JSON.stringify(version)}`);
  socket.send(Buffer.from('RFB 003.008\n', 'latin1'));
  const count = (await read(1))[0];
  if (count === 0) throw new Error('RFB: server refused the connection');
  const types = [...(await read(count))];
  if (types.includes(1)) socket.send(Buffer.from([1]));
  else if (types.includes(2) && password !== undefined) {
    socket.send(Buffer.from([2]));
    socket.send(vncAuthResponse(password, await read(16)));
  } else throw new Error(`RFB: no usable security type in ${types.join(',')}`);
  const result = (await read(4)).readUInt32BE(0);
  if (result !== 0) throw new Error('RFB: authentication failed');
  socket.send(Buffer.from([1])); // ClientInit: shared
  const init = await read(24);
  const width = init.readUInt16BE(0);
  const height = init.readUInt16BE(2);
  const name = (await read(init.readUInt32BE(20))).toString('utf8');
  const request = Buffer.alloc(10);
  request.writeUInt8(3, 0); // FramebufferUpdateRequest
  request.writeUInt8(0, 1); // not incremental
  request.writeUInt16BE(width, 6);
  request.writeUInt16BE(height, 8);
  socket.send(request);
  const header = await read(4);
  return { width, height, name, firstMessageType: header[0], rectangles: header.readUInt16BE(2) };
}
