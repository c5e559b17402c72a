import type { WebSocket, RawData } from 'ws';

import { vncAuthResponse } from './vnc-auth';

const SECURITY_NONE = 1;
const SECURITY_VNC = 2;

export function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** Bytes arriving in WebSocket messages of any size, read back in exact lengths. */
class ByteReader {
  private buffer = Buffer.alloc(0);
  private waiter:
    { length: number; resolve: (data: Buffer) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;

  push(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    this.settle();
  }

  fail(error: Error): void {
    this.failure = error;
    this.waiter?.reject(error);
    this.waiter = undefined;
  }

  read(length: number): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiter = { length, resolve, reject };
      this.settle();
    });
  }

  /** Whatever arrived beyond the handshake, handed over when the proxy goes transparent. */
  drain(): Buffer {
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    return rest;
  }

  private settle(): void {
    if (!this.waiter || this.buffer.length < this.waiter.length) return;
    const { length, resolve } = this.waiter;
    this.waiter = undefined;
    const chunk = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    resolve(Buffer.from(chunk));
  }
}

/**
 * Joins the browser's noVNC to the container's console. The proxy answers Proxmox's VNC
 * authentication itself (with the password from vncproxy) and offers the browser "None", so no
 * Proxmox secret ever reaches the browser; after the security handshake bytes pass untouched.
 */
export async function proxyRfb(
  browser: WebSocket,
  upstream: WebSocket,
  vncPassword: string | undefined,
  /** What Proxmox sent before the browser's socket was ready (its ProtocolVersion, usually). */
  earlyUpstreamData: Buffer[] = [],
  timeoutMs = 10_000,
): Promise<void> {
  const fromUpstream = new ByteReader();
  for (const chunk of earlyUpstreamData) fromUpstream.push(chunk);
  const fromBrowser = new ByteReader();
  const onUpstream = (data: RawData) => fromUpstream.push(toBuffer(data));
  const onBrowser = (data: RawData) => fromBrowser.push(toBuffer(data));
  upstream.on('message', onUpstream);
  browser.on('message', onBrowser);
  const closeBoth = () => {
    if (browser.readyState === browser.OPEN) browser.close();
    if (upstream.readyState === upstream.OPEN) upstream.close();
  };
  upstream.once('close', () => {
    fromUpstream.fail(new Error('console closed by Proxmox'));
    closeBoth();
  });
  browser.once('close', () => {
    fromBrowser.fail(new Error('console closed by the browser'));
    closeBoth();
  });
  const timer = setTimeout(() => {
    fromUpstream.fail(new Error('console handshake timed out'));
    closeBoth();
  }, timeoutMs);

  try {
    // ProtocolVersion both ways ("RFB 003.008\n").
    const serverVersion = await fromUpstream.read(12);
    browser.send(serverVersion);
    const clientVersion = await fromBrowser.read(12);
    upstream.send(clientVersion);
    if (!clientVersion.toString('latin1').startsWith('RFB 003.00'))
      throw new Error('unsupported RFB version');

    const count = (await fromUpstream.read(1))[0];
    if (count === 0) {
      const reasonLength = (await fromUpstream.read(4)).readUInt32BE(0);
      throw new Error(
        `VNC server refused: ${(await fromUpstream.read(reasonLength)).toString('utf8')}`,
      );
    }
    const offered = [...(await fromUpstream.read(count))];
    browser.send(Buffer.from([1, SECURITY_NONE]));
    const browserChoice = (await fromBrowser.read(1))[0];
    if (browserChoice !== SECURITY_NONE)
      throw new Error('browser chose an unexpected security type');

    if (offered.includes(SECURITY_VNC) && vncPassword !== undefined) {
      upstream.send(Buffer.from([SECURITY_VNC]));
      const challenge = await fromUpstream.read(16);
      upstream.send(vncAuthResponse(vncPassword, challenge));
    } else if (offered.includes(SECURITY_NONE)) {
      upstream.send(Buffer.from([SECURITY_NONE]));
    } else {
      throw new Error(`no usable VNC security type among ${offered.join(',')}`);
    }
    const result = await fromUpstream.read(4);
    browser.send(result);
    if (result.readUInt32BE(0) !== 0) throw new Error('VNC authentication failed');
  } catch (error) {
    clearTimeout(timer);
    closeBoth();
    throw error;
  }
  clearTimeout(timer);

  // Transparent from here: whatever was read ahead goes first.
  upstream.off('message', onUpstream);
  browser.off('message', onBrowser);
  const pendingDown = fromUpstream.drain();
  const pendingUp = fromBrowser.drain();
  if (pendingDown.length > 0) browser.send(pendingDown);
  if (pendingUp.length > 0) upstream.send(pendingUp);
  upstream.on(
    'message',
    (data) => browser.readyState === browser.OPEN && browser.send(toBuffer(data)),
  );
  browser.on(
    'message',
    (data) => upstream.readyState === upstream.OPEN && upstream.send(toBuffer(data)),
  );
}
