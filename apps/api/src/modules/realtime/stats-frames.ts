import type { Writable } from 'node:stream';

/**
 * server-stats reach thousands of sockets every sweep, so their delivery skips Socket.IO's and
 * Engine.IO's per-socket work: each server's packet is encoded once, framed once as a WebSocket
 * message, and the same bytes are written to every subscribed connection's TCP socket. At 5,000
 * sockets the per-socket bookkeeping of `conn.write` (Engine.IO packet objects, write buffers,
 * events, ws framing) cost as much as the writes themselves.
 */

/**
 * A Socket.IO (protocol 5) EVENT packet for the main namespace, as socket.io-parser encodes one
 * without binary attachments or an acknowledgement: the type digit, then the JSON array.
 */
export function encodeEventPacket(event: string, payload: unknown): string {
  return `2${JSON.stringify([event, payload])}`;
}

/** The Engine.IO MESSAGE packet around `socketIoPacket`, as one final, unmasked WebSocket text frame. */
export function webSocketMessageFrame(socketIoPacket: string): Buffer {
  const length = 1 + Buffer.byteLength(socketIoPacket);
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81; // FIN, opcode 1 (text)
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame[headerLength] = 0x34; // '4', the Engine.IO MESSAGE type
  frame.write(socketIoPacket, headerLength + 1, 'utf8');
  return frame;
}

/**
 * The parts of an Engine.IO 6 connection (and of the `ws` 8 socket under its websocket transport)
 * the direct write relies on. They are internal to those libraries; when one is missing or
 * different, `directSocketOf` answers undefined and the frame goes through `conn.write`.
 */
export interface EngineConnection {
  readonly readyState: string;
  readonly upgrading: boolean;
  /** Packets Engine.IO holds until its transport can take them. */
  readonly writeBuffer?: readonly unknown[];
  write(data: string): unknown;
  readonly transport: {
    readonly name: string;
    readonly perMessageDeflate?: unknown;
    readonly socket?: { readonly readyState?: number; readonly _socket?: unknown };
  };
}

const WS_OPEN = 1;

/** Past this much unsent data a connection skips a stats frame: a newer one follows in one sweep. */
export const MAX_QUEUED_BYTES = 1024 * 1024;

/**
 * The byte stream under an open, uncompressed WebSocket connection, when writing a whole frame to
 * it keeps the stream intact: Engine.IO holds nothing back (its own buffer is empty) and is not
 * switching transports. Anything else (long polling, an upgrade in flight) answers undefined.
 */
export function directSocketOf(conn: EngineConnection): Writable | undefined {
  const { transport } = conn;
  if (conn.readyState !== 'open' || conn.upgrading || transport.name !== 'websocket') return;
  if (transport.perMessageDeflate) return;
  if (conn.writeBuffer?.length) return;
  const ws = transport.socket;
  if (ws?.readyState !== WS_OPEN) return;
  const stream = ws._socket as Writable | undefined;
  if (!stream || typeof stream.write !== 'function' || !stream.writable) return;
  return stream;
}

/** One server's stats, ready for every subscriber: encoded once, framed on first use. */
export class StatsFrame {
  readonly packet: string;
  private frame: Buffer | undefined;

  constructor(stats: unknown) {
    this.packet = encodeEventPacket('server-stats', stats);
  }

  /** Returns false when the connection was skipped because it is not reading what it is sent. */
  writeTo(conn: EngineConnection): boolean {
    const socket = directSocketOf(conn);
    if (!socket) {
      conn.write(this.packet);
      return true;
    }
    if (socket.writableLength > MAX_QUEUED_BYTES) return false;
    this.frame ??= webSocketMessageFrame(this.packet);
    socket.write(this.frame);
    return true;
  }
}
