import { WebSocket } from 'ws';

import { vncAuthResponse } from '../vnc/des';
import { GLYPH_WIDTH, glyphRows } from '../vnc/font';

/** Reads exact byte counts from a websocket carrying a byte stream (RFB over vncwebsocket). */
export class SocketReader {
  private buffer = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  private isClosed = false;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, Buffer.from(data)]);
      this.waiting?.();
    });
    ws.on('close', () => {
      this.isClosed = true;
      this.waiting?.();
    });
  }

  async read(length: number, timeoutMs = 3000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length < length) {
      if (this.isClosed) throw new Error(`socket closed while waiting for ${length} bytes`);
      if (Date.now() > deadline) throw new Error(`timeout waiting for ${length} bytes`);
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        setTimeout(resolve, 50);
      });
    }
    const chunk = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return chunk;
  }
}

export interface FramebufferRect {
  x: number;
  y: number;
  width: number;
  height: number;
  encoding: number;
  pixels: Buffer;
}

/** Just enough of an RFB 3.8 client (like noVNC) to log in and fetch framebuffer updates. */
export class RfbTestClient {
  width = 0;
  height = 0;
  name = '';
  readonly ws: WebSocket;

  /** The reader must be attached before the socket opens: the server speaks first. */
  constructor(readonly reader: SocketReader) {
    this.ws = reader.ws;
  }

  async handshake(password: string): Promise<number> {
    const version = (await this.reader.read(12)).toString('latin1');
    if (version !== 'RFB 003.008\n') throw new Error(`unexpected version ${version}`);
    this.ws.send(Buffer.from('RFB 003.008\n', 'latin1'));
    const count = (await this.reader.read(1))[0];
    const types = [...(await this.reader.read(count))];
    if (!types.includes(2)) throw new Error(`no VNC auth offered: ${types.join(',')}`);
    this.ws.send(Buffer.from([2]));
    const challenge = await this.reader.read(16);
    this.ws.send(vncAuthResponse(password, challenge));
    const result = (await this.reader.read(4)).readUInt32BE(0);
    if (result !== 0) return result;
    this.ws.send(Buffer.from([1])); // ClientInit, shared
    const init = await this.reader.read(24);
    this.width = init.readUInt16BE(0);
    this.height = init.readUInt16BE(2);
    const nameLength = init.readUInt32BE(20);
    this.name = (await this.reader.read(nameLength)).toString('utf8');
    // noVNC asks for 32 bpp little endian, red in the low byte.
    const setPixelFormat = Buffer.alloc(20);
    setPixelFormat[0] = 0;
    Buffer.from([32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 0, 8, 16, 0, 0, 0]).copy(setPixelFormat, 4);
    this.ws.send(setPixelFormat);
    const setEncodings = Buffer.alloc(8);
    setEncodings[0] = 2;
    setEncodings.writeUInt16BE(1, 2);
    setEncodings.writeInt32BE(0, 4);
    this.ws.send(setEncodings);
    return 0;
  }

  requestUpdate(isIncremental: boolean): void {
    const message = Buffer.alloc(10);
    message[0] = 3;
    message[1] = isIncremental ? 1 : 0;
    message.writeUInt16BE(this.width, 6);
    message.writeUInt16BE(this.height, 8);
    this.ws.send(message);
  }

  key(keysym: number): void {
    for (const down of [1, 0]) {
      const message = Buffer.alloc(8);
      message[0] = 4;
      message[1] = down;
      message.writeUInt32BE(keysym, 4);
      this.ws.send(message);
    }
  }

  type(text: string): void {
    for (const char of text) this.key(char === '\r' ? 0xff0d : char.charCodeAt(0));
  }

  async readUpdate(): Promise<FramebufferRect[]> {
    const header = await this.reader.read(4);
    if (header[0] !== 0) throw new Error(`expected FramebufferUpdate, got message ${header[0]}`);
    const rects: FramebufferRect[] = [];
    for (let i = 0; i < header.readUInt16BE(2); i++) {
      const rect = await this.reader.read(12);
      const width = rect.readUInt16BE(4);
      const height = rect.readUInt16BE(6);
      const encoding = rect.readInt32BE(8);
      if (encoding !== 0) throw new Error(`unexpected encoding ${encoding}`);
      rects.push({
        x: rect.readUInt16BE(0),
        y: rect.readUInt16BE(2),
        width,
        height,
        encoding,
        pixels: await this.reader.read(width * height * 4),
      });
    }
    return rects;
  }
}

const REVERSE_FONT = new Map<string, string>();
for (let code = 32; code < 127; code++) {
  const char = String.fromCharCode(code);
  REVERSE_FONT.set(glyphRows(char).join(','), char);
}

/**
 * Reads text back from a raw 32-bpp rect drawn by the simulator (8x16 cells, 5x7 glyphs doubled
 * vertically): "OCR" by exact glyph match, so a test can assert what the screen shows.
 */
export function screenText(rect: FramebufferRect): string {
  const lines: string[] = [];
  const isLit = (x: number, y: number) => {
    const offset = (y * rect.width + x) * 4;
    return rect.pixels[offset] + rect.pixels[offset + 1] + rect.pixels[offset + 2] > 0;
  };
  for (let row = 0; row < Math.floor(rect.height / 16); row++) {
    let line = '';
    for (let column = 0; column < Math.floor(rect.width / 8); column++) {
      const rows: number[] = [];
      for (let glyphRow = 0; glyphRow < 7; glyphRow++) {
        let mask = 0;
        for (let bit = 0; bit < GLYPH_WIDTH; bit++) {
          mask = (mask << 1) | (isLit(column * 8 + 1 + bit, row * 16 + 1 + glyphRow * 2) ? 1 : 0);
        }
        rows.push(mask);
      }
      line += REVERSE_FONT.get(rows.join(',')) ?? '?';
    }
    lines.push(line.trimEnd());
  }
  return lines.join('\n');
}
