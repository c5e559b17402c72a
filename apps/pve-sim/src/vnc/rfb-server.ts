import { randomBytes, timingSafeEqual } from 'node:crypto';

import { vncAuthResponse } from './des';
import { SCREEN_HEIGHT, SCREEN_WIDTH, TextScreen, CELL_HEIGHT } from './text-screen';

/** Where the RFB bytes go (the websocket, in the simulator). */
export interface RfbTransport {
  send(data: Buffer): void;
  close(): void;
}

export interface RfbServerOptions {
  /** The VNC password (vncproxy's `password`); its first 8 characters are the DES key. */
  password: string;
  /** The desktop name sent in ServerInit. */
  name: string;
  screen: TextScreen;
  /** A typed character (keys already translated from X11 keysyms). */
  onInput(text: string): void;
  onClose?(): void;
}

interface PixelFormat {
  bitsPerPixel: number;
  depth: number;
  bigEndian: boolean;
  trueColour: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

const SERVER_FORMAT: PixelFormat = {
  bitsPerPixel: 32,
  depth: 24,
  bigEndian: false,
  trueColour: true,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 16,
  greenShift: 8,
  blueShift: 0,
};

const SECURITY_VNC_AUTH = 2;
const ENCODING_RAW = 0;

type Phase = 'version' | 'security' | 'auth' | 'client-init' | 'normal' | 'closed';

const KEYSYMS: Record<number, string> = {
  0xff0d: '\r',
  0xff8d: '\r',
  0xff08: '\u007f',
  0xff09: '\t',
  0xff1b: '\u001b',
};
const CONTROL_KEYS = new Set([0xffe3, 0xffe4]);

function writePixelFormat(format: PixelFormat): Buffer {
  const out = Buffer.alloc(16);
  out[0] = format.bitsPerPixel;
  out[1] = format.depth;
  out[2] = format.bigEndian ? 1 : 0;
  out[3] = format.trueColour ? 1 : 0;
  out.writeUInt16BE(format.redMax, 4);
  out.writeUInt16BE(format.greenMax, 6);
  out.writeUInt16BE(format.blueMax, 8);
  out[10] = format.redShift;
  out[11] = format.greenShift;
  out[12] = format.blueShift;
  return out;
}

function readPixelFormat(data: Buffer): PixelFormat {
  return {
    bitsPerPixel: data[0],
    depth: data[1],
    bigEndian: data[2] !== 0,
    trueColour: data[3] !== 0,
    redMax: data.readUInt16BE(4),
    greenMax: data.readUInt16BE(6),
    blueMax: data.readUInt16BE(8),
    redShift: data[10],
    greenShift: data[11],
    blueShift: data[12],
  };
}

/**
 * An RFB (VNC) server, protocol 3.8 (3.7 and 3.3 clients are served too), with security type 2
 * "VNC Authentication", Raw encoding and a text console as the framebuffer.
 */
export class RfbServer {
  private phase: Phase = 'version';
  private buffer = Buffer.alloc(0);
  private minor = 8;
  private readonly challenge = randomBytes(16);
  private format: PixelFormat = SERVER_FORMAT;
  private hasPendingRequest = false;
  private isControlDown = false;

  constructor(
    private readonly transport: RfbTransport,
    private readonly options: RfbServerOptions,
  ) {}

  start(): void {
    this.transport.send(Buffer.from('RFB 003.008\n', 'latin1'));
  }

  receive(data: Buffer): void {
    if (this.isClosed()) return;
    this.buffer = Buffer.concat([this.buffer, data]);
    while (!this.isClosed() && this.step());
  }

  /** Called when the console changed: answers a waiting incremental update request. */
  screenChanged(): void {
    if (this.phase === 'normal' && this.hasPendingRequest) this.sendUpdate(false);
  }

  private isClosed(): boolean {
    return this.phase === 'closed';
  }

  close(): void {
    if (this.isClosed()) return;
    this.phase = 'closed';
    this.transport.close();
    this.options.onClose?.();
  }

  /** Handles one message if it is complete; returns whether it consumed anything. */
  private step(): boolean {
    switch (this.phase) {
      case 'version':
        return this.readVersion();
      case 'security':
        return this.readSecurityChoice();
      case 'auth':
        return this.readAuth();
      case 'client-init':
        return this.readClientInit();
      case 'normal':
        return this.readClientMessage();
      default:
        return false;
    }
  }

  private take(length: number): Buffer | undefined {
    if (this.buffer.length < length) return undefined;
    const chunk = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return chunk;
  }

  private readVersion(): boolean {
    const data = this.take(12);
    if (!data) return false;
    const match = /^RFB 003\.(\d{3})\n$/.exec(data.toString('latin1'));
    if (!match) {
      this.close();
      return false;
    }
    const minor = Number(match[1]);
    this.minor = minor >= 8 ? 8 : minor >= 7 ? 7 : 3;
    if (this.minor === 3) {
      // 3.3: the server decides the security type, then sends the challenge.
      const type = Buffer.alloc(4);
      type.writeUInt32BE(SECURITY_VNC_AUTH);
      this.transport.send(Buffer.concat([type, this.challenge]));
      this.phase = 'auth';
    } else {
      this.transport.send(Buffer.from([1, SECURITY_VNC_AUTH]));
      this.phase = 'security';
    }
    return true;
  }

  private readSecurityChoice(): boolean {
    const data = this.take(1);
    if (!data) return false;
    if (data[0] !== SECURITY_VNC_AUTH) {
      this.fail('Security type not supported');
      return false;
    }
    this.transport.send(this.challenge);
    this.phase = 'auth';
    return true;
  }

  private readAuth(): boolean {
    const response = this.take(16);
    if (!response) return false;
    const expected = vncAuthResponse(this.options.password, this.challenge);
    if (!timingSafeEqual(expected, response)) {
      this.fail('Authentication failed');
      return false;
    }
    this.transport.send(Buffer.from([0, 0, 0, 0]));
    this.phase = 'client-init';
    return true;
  }

  private fail(reason: string): void {
    const result = Buffer.alloc(4);
    result.writeUInt32BE(1);
    const parts = [result];
    if (this.minor === 8) {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(Buffer.byteLength(reason));
      parts.push(length, Buffer.from(reason, 'latin1'));
    }
    this.transport.send(Buffer.concat(parts));
    this.close();
  }

  private readClientInit(): boolean {
    if (!this.take(1)) return false;
    const name = Buffer.from(this.options.name, 'utf8');
    const header = Buffer.alloc(4);
    header.writeUInt16BE(SCREEN_WIDTH, 0);
    header.writeUInt16BE(SCREEN_HEIGHT, 2);
    const nameLength = Buffer.alloc(4);
    nameLength.writeUInt32BE(name.length);
    this.transport.send(Buffer.concat([header, writePixelFormat(SERVER_FORMAT), nameLength, name]));
    this.phase = 'normal';
    return true;
  }

  private readClientMessage(): boolean {
    if (this.buffer.length === 0) return false;
    const type = this.buffer[0];
    switch (type) {
      case 0: {
        const data = this.take(20);
        if (!data) return false;
        this.format = readPixelFormat(data.subarray(4));
        return true;
      }
      case 2: {
        if (this.buffer.length < 4) return false;
        const count = this.buffer.readUInt16BE(2);
        return this.take(4 + count * 4) !== undefined;
      }
      case 3: {
        const data = this.take(10);
        if (!data) return false;
        const isIncremental = data[1] !== 0;
        this.hasPendingRequest = true;
        this.sendUpdate(!isIncremental);
        return true;
      }
      case 4: {
        const data = this.take(8);
        if (!data) return false;
        this.keyEvent(data[1] !== 0, data.readUInt32BE(4));
        return true;
      }
      case 5:
        return this.take(6) !== undefined;
      case 6: {
        if (this.buffer.length < 8) return false;
        const length = this.buffer.readUInt32BE(4);
        return this.take(8 + length) !== undefined;
      }
      default:
        this.close();
        return false;
    }
  }

  private keyEvent(isDown: boolean, keysym: number): void {
    if (CONTROL_KEYS.has(keysym)) {
      this.isControlDown = isDown;
      return;
    }
    if (!isDown) return;
    let text = KEYSYMS[keysym];
    if (text === undefined && keysym >= 0x20 && keysym <= 0x7e) {
      text = String.fromCharCode(keysym);
      if (this.isControlDown && /[a-z]/i.test(text)) {
        text = String.fromCharCode(text.toLowerCase().charCodeAt(0) - 96);
      }
    }
    if (text !== undefined) this.options.onInput(text);
  }

  /** Sends the changed rows (or everything), if there is something to send. */
  private sendUpdate(isFull: boolean): void {
    const screen = this.options.screen;
    if (isFull) screen.markAllDirty();
    const rows = screen.takeDirtyRows();
    if (!rows) return;
    this.hasPendingRequest = false;
    const y = rows.from * CELL_HEIGHT;
    const height = (rows.to - rows.from + 1) * CELL_HEIGHT;
    const header = Buffer.alloc(4 + 12);
    header[0] = 0; // FramebufferUpdate
    header.writeUInt16BE(1, 2);
    header.writeUInt16BE(0, 4);
    header.writeUInt16BE(y, 6);
    header.writeUInt16BE(SCREEN_WIDTH, 8);
    header.writeUInt16BE(height, 10);
    header.writeInt32BE(ENCODING_RAW, 12);
    const rgb = screen.renderRows(rows.from, rows.to);
    this.transport.send(Buffer.concat([header, this.encodePixels(rgb)]));
  }

  private encodePixels(rgb: Uint8Array): Buffer {
    const format = this.format;
    const bytesPerPixel = Math.max(1, format.bitsPerPixel / 8);
    const count = rgb.length / 3;
    const out = Buffer.alloc(count * bytesPerPixel);
    const scale = (value: number, max: number) => Math.round((value * max) / 255);
    for (let i = 0; i < count; i++) {
      const value =
        ((scale(rgb[i * 3], format.redMax) << format.redShift) |
          (scale(rgb[i * 3 + 1], format.greenMax) << format.greenShift) |
          (scale(rgb[i * 3 + 2], format.blueMax) << format.blueShift)) >>>
        0;
      const offset = i * bytesPerPixel;
      if (bytesPerPixel === 4) {
        if (format.bigEndian) out.writeUInt32BE(value, offset);
        else out.writeUInt32LE(value, offset);
      } else if (bytesPerPixel === 2) {
        if (format.bigEndian) out.writeUInt16BE(value & 0xffff, offset);
        else out.writeUInt16LE(value & 0xffff, offset);
      } else {
        out[offset] = value & 0xff;
      }
    }
    return out;
  }
}
