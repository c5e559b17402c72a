import { createHash } from 'node:crypto';

import { Client } from 'ssh2';

import { ProxmoxConflictError, ProxmoxUnavailableError } from './proxmox.errors';

export interface NodeSshTarget {
  host: string;
  port: number;
  user: string;
  privateKey: Buffer;
  hostFingerprint?: string;
  timeoutMs: number;
}

/**
 * Proxmox has no REST call that changes the root password of an existing container, so we run
 * `pct exec <vmid> -- chpasswd` on the node over SSH. The password travels on stdin, never in argv,
 * so it does not show up in the node's process list or logs.
 */
export function setContainerPasswordOverSsh(
  target: NodeSshTarget,
  vmid: number,
  password: string,
): Promise<void> {
  if (!Number.isInteger(vmid) || vmid < 100) throw new Error(`invalid vmid ${vmid}`);
  if (/[\r\n:]/.test(password)) throw new Error('password must not contain newlines or colons');
  return new Promise((resolve, reject) => {
    const client = new Client();
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.end();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(
      () =>
        finish(
          new ProxmoxUnavailableError(
            `ssh ${target.host}: no answer within ${target.timeoutMs} ms`,
          ),
        ),
      target.timeoutMs,
    );
    client.on('error', (error: Error) =>
      finish(new ProxmoxUnavailableError(`ssh ${target.host}: ${error.message}`)),
    );
    client.on('ready', () => {
      client.exec(`pct exec ${vmid} -- chpasswd`, (error, stream) => {
        if (error)
          return finish(new ProxmoxUnavailableError(`ssh ${target.host}: ${error.message}`));
        let stderr = '';
        let exitCode: number | null = null;
        stream.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        // The channel only closes once its output has been read.
        stream.resume();
        stream.on('exit', (code: number | null) => (exitCode = code));
        stream.on('close', () => {
          if (exitCode === 0) return finish();
          const message = stderr.trim() || `chpasswd exited with ${exitCode}`;
          if (/not running/i.test(message)) {
            return finish(
              new ProxmoxConflictError(
                'The server is stopped; start it before changing the password',
              ),
            );
          }
          finish(new ProxmoxUnavailableError(`password change on CT ${vmid} failed: ${message}`));
        });
        stream.end(`root:${password}\n`);
      });
    });
    // ssh2 throws here (not through 'error') for a key it cannot read.
    try {
      client.connect({
        host: target.host,
        port: target.port,
        username: target.user,
        privateKey: target.privateKey,
        readyTimeout: target.timeoutMs,
        hostVerifier: target.hostFingerprint
          ? (key: Buffer) =>
              createHash('sha256').update(key).digest('base64').replace(/=+$/, '') ===
              target.hostFingerprint?.replace(/^SHA256:/, '').replace(/=+$/, '')
          : undefined,
      });
    } catch (error) {
      finish(
        new ProxmoxUnavailableError(
          `ssh ${target.host}: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  });
}
