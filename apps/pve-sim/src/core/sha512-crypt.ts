import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * SHA-512 crypt (`$6$`, Ulrich Drepper's specification), the hash Proxmox writes to a container's
 * /etc/shadow. Implemented here so stored passwords look and verify like the real thing.
 */

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DEFAULT_ROUNDS = 5000;

/** Byte triples of the final digest, in the order the specification encodes them. */
const ORDER: [number, number, number][] = [
  [0, 21, 42],
  [22, 43, 1],
  [44, 2, 23],
  [3, 24, 45],
  [25, 46, 4],
  [47, 5, 26],
  [6, 27, 48],
  [28, 49, 7],
  [50, 8, 29],
  [9, 30, 51],
  [31, 52, 10],
  [53, 11, 32],
  [12, 33, 54],
  [34, 55, 13],
  [56, 14, 35],
  [15, 36, 57],
  [37, 58, 16],
  [59, 17, 38],
  [18, 39, 60],
  [40, 61, 19],
  [62, 20, 41],
];

function sha512(...parts: Buffer[]): Buffer {
  const hash = createHash('sha512');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function encode24(b2: number, b1: number, b0: number, count: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let out = '';
  for (let i = 0; i < count; i++) {
    out += ITOA64[w & 0x3f];
    w >>= 6;
  }
  return out;
}

function repeatTo(block: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = block[i % block.length];
  return out;
}

export function sha512Crypt(password: string, salt: string, rounds = DEFAULT_ROUNDS): string {
  const pw = Buffer.from(password, 'utf8');
  const s = Buffer.from(salt.slice(0, 16), 'utf8');
  const b = sha512(pw, s, pw);

  const ctxA = createHash('sha512').update(pw).update(s);
  let i = pw.length;
  for (; i > 64; i -= 64) ctxA.update(b);
  ctxA.update(b.subarray(0, i));
  for (i = pw.length; i > 0; i >>= 1) ctxA.update(i & 1 ? b : pw);
  const a = ctxA.digest();

  const ctxDp = createHash('sha512');
  for (i = 0; i < pw.length; i++) ctxDp.update(pw);
  const p = repeatTo(ctxDp.digest(), pw.length);

  const ctxDs = createHash('sha512');
  for (i = 0; i < 16 + a[0]; i++) ctxDs.update(s);
  const sBytes = repeatTo(ctxDs.digest(), s.length);

  let c = a;
  for (let round = 0; round < rounds; round++) {
    const ctx = createHash('sha512');
    ctx.update(round & 1 ? p : c);
    if (round % 3) ctx.update(sBytes);
    if (round % 7) ctx.update(p);
    ctx.update(round & 1 ? c : p);
    c = ctx.digest();
  }

  let encoded = '';
  for (const [x, y, z] of ORDER) encoded += encode24(c[x], c[y], c[z], 4);
  encoded += encode24(0, 0, c[63], 2);
  const roundsPart = rounds === DEFAULT_ROUNDS ? '' : `rounds=${rounds}$`;
  return `$6$${roundsPart}${s.toString('utf8')}$${encoded}`;
}

/** Hashes with a fresh random 16-character salt. */
export function hashPassword(password: string): string {
  const bytes = randomBytes(16);
  let salt = '';
  for (const byte of bytes) salt += ITOA64[byte & 0x3f];
  return sha512Crypt(password, salt);
}

/** Proxmox stores a password unchanged when it already looks like a crypt hash. */
export function looksLikeCryptHash(value: string): boolean {
  return /^\$(1|2a|5|6)\$/.test(value);
}

export function verifyPassword(password: string, hash: string): boolean {
  const match = /^\$6\$(?:rounds=(\d+)\$)?([^$]{0,16})\$[./0-9A-Za-z]{86}$/.exec(hash);
  if (!match) return false;
  const rounds = match[1] ? Number(match[1]) : DEFAULT_ROUNDS;
  const expected = Buffer.from(sha512Crypt(password, match[2], rounds));
  const actual = Buffer.from(hash);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
