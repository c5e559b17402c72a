import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { vncAuthResponse } from './vnc-auth';

/** noVNC's own DES (what the browser would compute), run as an ES module in a child process. */
function noVncResponse(password: string, challenge: Buffer): string {
  const desModule = join(process.cwd(), 'node_modules/@novnc/novnc/core/crypto/des.js');
  const script = `
    import { DESECBCipher } from ${JSON.stringify(desModule)};
    const key = ${JSON.stringify([...Buffer.from(password, 'latin1')])};
    const cipher = DESECBCipher.importKey(key);
    const out = cipher.encrypt({ name: 'DES-ECB' }, ${JSON.stringify([...challenge])});
    process.stdout.write(Buffer.from(out).toString('hex'));`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script]).toString();
}

describe('vncAuthResponse', () => {
  it.each([
    ['password', Buffer.from('00112233445566778899aabbccddeeff', 'hex')],
    ['s3cr', Buffer.alloc(16, 0x5a)],
    ['longer-than-eight', Buffer.from('0f1e2d3c4b5a69788796a5b4c3d2e1f0', 'hex')],
  ])('answers like noVNC does for %s', (password, challenge) => {
    expect(vncAuthResponse(password, challenge).toString('hex')).toBe(
      noVncResponse(password, challenge),
    );
  });

  it('refuses a challenge of the wrong size', () => {
    expect(() => vncAuthResponse('x', Buffer.alloc(8))).toThrow();
  });
});
