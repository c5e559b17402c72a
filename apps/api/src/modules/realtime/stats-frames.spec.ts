import { PassThrough } from 'node:stream';

import { Encoder, PacketType } from 'socket.io-parser';
import WebSocket from 'ws';

import {
  directSocketOf,
  encodeEventPacket,
  EngineConnection,
  MAX_QUEUED_BYTES,
  StatsFrame,
  webSocketMessageFrame,
} from './stats-frames';

const stats = {
  serverId: 7,
  cpu: 12.5,
  memUsedBytes: 1024,
  at: '2026-11-27T08:00:00.000Z',
  note: 'ü "q"',
};

/** ws's own framing (exported at runtime, untyped in @types/ws), as Engine.IO also uses it. */
const { Sender } = WebSocket as unknown as {
  Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] };
};

/** What ws sends for `socket.send(text)` on a server connection without compression. */
function wsFrame(text: string): Buffer {
  return Buffer.concat(
    Sender.frame(Buffer.from(text), {
      fin: true,
      opcode: 1,
      mask: false,
      readOnly: false,
      rsv1: false,
    }),
  );
}

function connection(overrides: Partial<Record<string, unknown>> = {}, socketOverrides = {}) {
  const stream = new PassThrough();
  const written: string[] = [];
  const conn = {
    readyState: 'open',
    upgrading: false,
    writeBuffer: [],
    write: (data: string) => written.push(data),
    transport: {
      name: 'websocket',
      perMessageDeflate: null,
      socket: { readyState: 1, _socket: stream, ...socketOverrides },
    },
    ...overrides,
  };
  return { conn: conn as unknown as EngineConnection, stream, written };
}

describe('the server-stats frame written straight to each connection', () => {
  it('is byte for byte what Socket.IO encodes for an emit on the main namespace', () => {
    const [expected] = new Encoder().encode({
      type: PacketType.EVENT,
      nsp: '/',
      data: ['server-stats', stats],
    });
    expect(encodeEventPacket('server-stats', stats)).toBe(expected);
  });

  it.each([
    ['a short packet (7-bit length)', { serverId: 1 }],
    ['a medium packet (16-bit length)', { ...stats, note: 'é'.repeat(3_000) }],
    ['a large packet (64-bit length)', { ...stats, note: 'é'.repeat(70_000) }],
  ])('frames %s exactly as ws does', (_name, payload) => {
    const packet = encodeEventPacket('server-stats', payload);
    expect(webSocketMessageFrame(packet).equals(wsFrame(`4${packet}`))).toBe(true);
  });

  it('uses the length forms of RFC 6455 at their boundaries', () => {
    for (const [textLength, headerLength] of [
      [125, 2],
      [126, 4],
      [65_535, 4],
      [65_536, 10],
    ]) {
      const packet = 'x'.repeat(textLength - 1); // the Engine.IO type digit makes up the rest
      const frame = webSocketMessageFrame(packet);
      expect(frame.length - headerLength).toBe(textLength);
      expect(frame.equals(wsFrame(`4${packet}`))).toBe(true);
    }
  });

  it('writes the frame to an open websocket connection and leaves Engine.IO alone', () => {
    const { conn, stream, written } = connection();
    expect(new StatsFrame(stats).writeTo(conn)).toBe(true);
    expect(written).toEqual([]);
    expect(
      (stream.read() as Buffer).equals(wsFrame(`4${encodeEventPacket('server-stats', stats)}`)),
    ).toBe(true);
  });

  it.each([
    ['long polling', { transport: { name: 'polling' } }, {}],
    ['an upgrade in flight', { upgrading: true }, {}],
    ['packets Engine.IO still holds', { writeBuffer: [{ type: 'message' }] }, {}],
    [
      'per-message compression',
      { transport: { name: 'websocket', perMessageDeflate: {}, socket: { readyState: 1 } } },
      {},
    ],
    ['a closing websocket', {}, { readyState: 2 }],
    ['internals it does not recognise', {}, { _socket: undefined }],
  ])('hands the packet to Engine.IO instead on %s', (_name, overrides, socketOverrides) => {
    const { conn, stream, written } = connection(overrides, socketOverrides);
    expect(directSocketOf(conn)).toBeUndefined();
    expect(new StatsFrame(stats).writeTo(conn)).toBe(true);
    expect(written).toEqual([encodeEventPacket('server-stats', stats)]);
    expect(stream.read()).toBeNull();
  });

  it('skips a connection that has stopped reading rather than queueing more for it', () => {
    const { conn, stream } = connection();
    stream.write(Buffer.alloc(MAX_QUEUED_BYTES + 1));
    const before = stream.writableLength;
    expect(new StatsFrame(stats).writeTo(conn)).toBe(false);
    expect(stream.writableLength).toBe(before);
  });
});
