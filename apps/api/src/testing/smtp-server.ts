import { createServer, Server, Socket } from 'node:net';

/** A message as the test SMTP server received it, with its MIME parts decoded. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** Lower-case names; folded lines joined and RFC 2047 words decoded. */
  headers: Record<string, string>;
  subject: string;
  text: string | null;
  html: string | null;
  /** The credentials given with AUTH, if any. */
  auth: { user: string; pass: string } | null;
}

interface Entity {
  headers: Record<string, string>;
  body: string;
}

const HOST = 'hostdeck-test-smtp';

function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g, (_match, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const char = joined[i];
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function parseEntity(raw: string): Entity {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(
        line.slice(colon + 1).trim(),
      );
    }
  }
  return { headers, body };
}

/** A part's text with the transfer encoding undone and MIME's CRLF line ends made \n. */
function decodeBody(entity: Entity): string {
  const encoding = (entity.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const decoded =
    encoding === 'base64'
      ? Buffer.from(entity.body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(entity.body)
        : entity.body;
  return decoded.replace(/\r\n/g, '\n').replace(/\n$/, '');
}

function collectParts(entity: Entity, found: { text: string | null; html: string | null }): void {
  const type = (entity.headers['content-type'] ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(entity.headers['content-type'] ?? '')?.[1];
    if (!boundary) return;
    const sections = entity.body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      collectParts(parseEntity(section.replace(/^\r\n/, '')), found);
    }
    return;
  }
  if (type.startsWith('text/plain') && found.text === null) found.text = decodeBody(entity);
  else if (type.startsWith('text/html') && found.html === null) found.html = decodeBody(entity);
}

/** Decodes a raw RFC 5322 message into its headers and text/HTML parts. */
export function parseMail(
  raw: string,
): Pick<ReceivedMail, 'headers' | 'subject' | 'text' | 'html'> {
  const entity = parseEntity(raw);
  const found = { text: null as string | null, html: null as string | null };
  collectParts(entity, found);
  return { headers: entity.headers, subject: entity.headers['subject'] ?? '', ...found };
}

const address = (argument: string) => /<([^>]*)>/.exec(argument)?.[1] ?? argument.trim();

/**
 * A small real SMTP server on loopback (RFC 5321: EHLO/HELO, AUTH PLAIN/LOGIN, MAIL FROM, RCPT
 * TO, DATA with dot-unstuffing, RSET, NOOP, QUIT) that keeps what it receives, for tests.
 */
export class TestSmtpServer {
  readonly messages: ReceivedMail[] = [];
  /** While set, MAIL FROM is answered with this temporary failure (451). */
  rejectWith: string | null = null;
  port = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  /** A port nobody listens on right now (to start the server on it later). */
  static async freePort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return port;
  }

  async start(port = 0): Promise<number> {
    const server = createServer((socket) => this.serve(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
    return this.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves with the first message (already received or still to come) that matches. */
  async waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs = 15_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(
          `no matching mail within ${timeoutMs} ms; received: ${JSON.stringify(this.messages.map((m) => [m.to, m.subject]))}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('utf8');
    const reply = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };

    let buffer = '';
    let mode: 'command' | 'data' | 'auth-plain' | 'auth-user' | 'auth-pass' = 'command';
    let from: string | null = null;
    let to: string[] = [];
    let data: string[] = [];
    let auth: ReceivedMail['auth'] = null;
    let loginUser = '';

    const reset = () => {
      from = null;
      to = [];
      data = [];
    };

    const command = (line: string) => {
      const [verb, ...rest] = line.split(' ');
      const argument = rest.join(' ');
      switch (verb.toUpperCase()) {
        case 'EHLO':
          reply(`250-${HOST}`);
          reply('250-8BITMIME');
          reply('250-SMTPUTF8');
          reply('250-AUTH PLAIN LOGIN');
          return reply('250 SIZE 20971520');
        case 'HELO':
          return reply(`250 ${HOST}`);
        case 'AUTH': {
          const [mechanism, initial] = argument.split(' ');
          if (mechanism.toUpperCase() === 'PLAIN') {
            if (!initial) {
              mode = 'auth-plain';
              return reply('334 ');
            }
            return plain(initial);
          }
          if (mechanism.toUpperCase() === 'LOGIN') {
            mode = 'auth-user';
            return reply(`334 ${Buffer.from('Username:').toString('base64')}`);
          }
          return reply('504 5.5.4 Unrecognized authentication type');
        }
        case 'MAIL':
          if (this.rejectWith) return reply(`451 4.3.0 ${this.rejectWith}`);
          reset();
          from = address(argument.replace(/^FROM:/i, ''));
          return reply('250 2.1.0 OK');
        case 'RCPT':
          if (from === null) return reply('503 5.5.1 MAIL first');
          to.push(address(argument.replace(/^TO:/i, '')));
          return reply('250 2.1.5 OK');
        case 'DATA':
          if (to.length === 0) return reply('503 5.5.1 RCPT first');
          mode = 'data';
          return reply('354 End data with <CR><LF>.<CR><LF>');
        case 'RSET':
          reset();
          return reply('250 2.0.0 OK');
        case 'NOOP':
          return reply('250 2.0.0 OK');
        case 'QUIT':
          reply(`221 2.0.0 ${HOST} closing`);
          socket.end();
          return;
        default:
          return reply('502 5.5.2 Command not implemented');
      }
    };

    const plain = (encoded: string) => {
      const [, user = '', pass = ''] = Buffer.from(encoded, 'base64').toString('utf8').split('\0');
      auth = { user, pass };
      mode = 'command';
      reply('235 2.7.0 Authentication successful');
    };

    const line = (text: string) => {
      if (mode === 'data') {
        if (text === '.') {
          const raw = data.join('\r\n');
          this.messages.push({ from: from ?? '', to, raw, auth, ...parseMail(raw) });
          reply(`250 2.0.0 OK queued as ${this.messages.length}`);
          mode = 'command';
          reset();
          return;
        }
        data.push(text.startsWith('.') ? text.slice(1) : text);
        return;
      }
      if (mode === 'auth-plain') return plain(text);
      if (mode === 'auth-user') {
        loginUser = Buffer.from(text, 'base64').toString('utf8');
        mode = 'auth-pass';
        return reply(`334 ${Buffer.from('Password:').toString('base64')}`);
      }
      if (mode === 'auth-pass') {
        auth = { user: loginUser, pass: Buffer.from(text, 'base64').toString('utf8') };
        mode = 'command';
        return reply('235 2.7.0 Authentication successful');
      }
      command(text);
    };

    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\r\n')) !== -1) {
        const text = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        line(text);
      }
    });
    reply(`220 ${HOST} ESMTP ready`);
  }
}
