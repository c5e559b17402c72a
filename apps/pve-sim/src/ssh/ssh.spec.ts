import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client, utils as sshUtils } from 'ssh2';

import type { RunningSimulator } from '../simulator';
import { expectNoViolations, PveClient, startTestSim } from '../testing/sim-client';

interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sshExec(
  port: number,
  privateKey: string,
  command: string,
  stdin?: string,
  username = 'root',
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.on('error', reject);
    client.on('ready', () => {
      client.exec(command, (error, stream) => {
        if (error) return reject(error);
        let stdout = '';
        let stderr = '';
        stream.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        stream.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        stream.on('close', (code: number | null) => {
          client.end();
          resolve({ code, stdout, stderr });
        });
        stream.end(stdin ?? '');
      });
    });
    client.connect({ host: '127.0.0.1', port, username, privateKey, readyTimeout: 5000 });
  });
}

describe('SSH: pct exec <vmid> -- chpasswd', () => {
  let sim: RunningSimulator;
  let pve: PveClient;
  const panelKey = sshUtils.generateKeyPairSync('ed25519', { comment: 'panel' });
  const fileKey = sshUtils.generateKeyPairSync('ed25519', { comment: 'from-file' });
  const strangerKey = sshUtils.generateKeyPairSync('ed25519');

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pve-sim-ssh-'));
    const keysFile = join(dir, 'authorized_keys');
    writeFileSync(keysFile, `# keys\n${fileKey.public}\n`);
    sim = await startTestSim({
      ssh: { port: 0, authorizedKeys: [panelKey.public], authorizedKeysFile: keysFile },
    });
    pve = PveClient.forSim(sim);
    await pve.createContainer(100, { start: 1, password: 'old-password' });
    await pve.createContainer(101, { password: 'old-password' });
  });

  afterAll(async () => {
    try {
      await expectNoViolations(pve);
    } finally {
      await sim.close();
    }
  });

  const passwordMatches = async (vmid: number, password: string) =>
    (await pve.control<{ match: boolean }>('POST', '/__sim/verify-password', { vmid, password }))
      .body.match;

  it('changes the root password hash from stdin', async () => {
    expect(sim.sshPort).toBeGreaterThan(0);
    expect(sim.sshHostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const before = await pve.control<{ containers: { passwordHash: string }[] }>(
      'GET',
      '/__sim/state',
    );
    const result = await sshExec(
      sim.sshPort,
      panelKey.private,
      'pct exec 100 -- chpasswd',
      'root:new-password\n',
    );
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    const after = await pve.control<{ containers: { passwordHash: string }[] }>(
      'GET',
      '/__sim/state',
    );
    expect(after.body.containers[0].passwordHash).not.toBe(before.body.containers[0].passwordHash);
    expect(after.body.containers[0].passwordHash).toMatch(/^\$6\$/);
    expect(await passwordMatches(100, 'new-password')).toBe(true);
    expect(await passwordMatches(100, 'old-password')).toBe(false);
  });

  it('accepts keys from the authorized_keys file and refuses unknown keys', async () => {
    const result = await sshExec(
      sim.sshPort,
      fileKey.private,
      'pct exec 100 -- chpasswd',
      'root:from-file\n',
    );
    expect(result.code).toBe(0);
    await expect(
      sshExec(sim.sshPort, strangerKey.private, 'pct exec 100 -- chpasswd'),
    ).rejects.toThrow(/authentication methods failed/);
    await expect(
      sshExec(sim.sshPort, panelKey.private, 'pct exec 100 -- chpasswd', 'root:x\n', 'admin'),
    ).rejects.toThrow(/authentication methods failed/);
  });

  it('refuses passwords in argv and any other command', async () => {
    for (const command of [
      'pct exec 100 -- chpasswd root:argv-password',
      "pct exec 100 -- sh -c 'echo root:pw | chpasswd'",
      'pct exec 100 -- passwd',
      'id',
      'pct list',
    ]) {
      const result = await sshExec(
        sim.sshPort,
        panelKey.private,
        command,
        'root:should-not-apply\n',
      );
      expect(result.code).toBe(126);
      expect(result.stderr).not.toContain('argv-password');
    }
    expect(await passwordMatches(100, 'from-file')).toBe(true);
    const post = await pve.request('POST', '/nodes/pve1/lxc/100/exec', { command: 'chpasswd' });
    expect(post.status).toBe(501);
  });

  it('fails for a stopped or unknown container', async () => {
    const stopped = await sshExec(
      sim.sshPort,
      panelKey.private,
      'pct exec 101 -- chpasswd',
      'root:x\n',
    );
    expect(stopped.code).not.toBe(0);
    expect(stopped.stderr).toBe('CT 101 not running\n');
    expect(await passwordMatches(101, 'old-password')).toBe(true);
    const unknown = await sshExec(
      sim.sshPort,
      panelKey.private,
      'pct exec 999 -- chpasswd',
      'root:x\n',
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toBe("Configuration file 'nodes/pve1/lxc/999.conf' does not exist\n");
    const otherUser = await sshExec(
      sim.sshPort,
      panelKey.private,
      'pct exec 100 -- chpasswd',
      'alice:x\n',
    );
    expect(otherUser.code).toBe(1);
  });
});
