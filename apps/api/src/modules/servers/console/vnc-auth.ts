import { createCipheriv } from 'node:crypto';

/** Reverses the bits of a byte: VNC uses the password bytes as a DES key, bit order mirrored. */
function mirrorBits(byte: number): number {
  let result = 0;
  for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) result |= 1 << (7 - bit);
  return result;
}

/**
 * The answer to a VNC Authentication challenge (RFB security type 2): the 16-byte challenge
 * DES-encrypted with the password (first 8 bytes, zero-padded, bits mirrored). OpenSSL 3 hides
 * single DES, but two-key 3DES with both keys equal (encrypt-decrypt-encrypt) is exactly DES.
 */
export function vncAuthResponse(password: string, challenge: Buffer): Buffer {
  if (challenge.length !== 16) throw new Error('a VNC challenge is 16 bytes');
  const key = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(key, 0, 0, 8);
  for (let i = 0; i < 8; i++) key[i] = mirrorBits(key[i]);
  const cipher = createCipheriv('des-ede-ecb', Buffer.concat([key, key]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(challenge), cipher.final()]);
}
