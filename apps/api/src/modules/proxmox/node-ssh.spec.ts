import { utils as sshUtils } from 'ssh2';

import { setContainerPasswordOverSsh } from './node-ssh';
import { ProxmoxUnavailableError } from './proxmox.errors';

describe('the password reset over SSH with a key ssh2 cannot read', () => {
  it('fails as Proxmox being unavailable (503 with a message), not as an unknown error (500)', async () => {
    // The shape ssh2's own generator sometimes produces: a 31-byte ed25519 public key.
    let broken: string | undefined;
    for (let i = 0; i < 20_000 && !broken; i++) {
      const key = sshUtils.generateKeyPairSync('ed25519').private;
      if (sshUtils.parseKey(key) instanceof Error) broken = key;
    }
    const privateKey = Buffer.from(
      broken ?? '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n',
    );
    const attempt = setContainerPasswordOverSsh(
      { host: '127.0.0.1', port: 1, user: 'root', privateKey, timeoutMs: 2000 },
      101,
      'a-new-password',
    );
    await expect(attempt).rejects.toBeInstanceOf(ProxmoxUnavailableError);
    await expect(attempt).rejects.toThrow(/Cannot parse privateKey/);
  });
});
