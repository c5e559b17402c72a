import { readFileSync } from 'node:fs';

import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';

import { proxmoxConfig } from '../../config/configuration';
import { BundledSimulator } from './bundled-simulator';
import { ProxmoxClient } from './proxmox-client';
import type { ProxmoxConnection } from './proxmox-connection';
import { ProxmoxHttpClient } from './proxmox-http.client';

export const PROXMOX_CONNECTION = Symbol('PROXMOX_CONNECTION');

type ProxmoxSettings = ConfigType<typeof proxmoxConfig>;

/** A real cluster, from the PROXMOX_* settings. */
function connectionFromSettings(settings: ProxmoxSettings): ProxmoxConnection {
  return {
    apiUrl: settings.apiUrl as string,
    tokenId: settings.tokenId as string,
    tokenSecret: settings.tokenSecret as string,
    defaultNode: settings.defaultNode,
    storage: settings.storage,
    templateStorage: settings.templateStorage,
    bridge: settings.bridge,
    console: settings.consoleUser
      ? { user: settings.consoleUser, password: settings.consolePassword as string }
      : undefined,
    ssh: settings.ssh.keyFile
      ? {
          user: settings.ssh.user,
          privateKey: readFileSync(settings.ssh.keyFile),
          port: settings.ssh.port,
          hosts: settings.ssh.hosts,
          hostFingerprint: settings.ssh.hostFingerprint,
        }
      : undefined,
    ca: settings.caFile ? readFileSync(settings.caFile) : undefined,
    insecureTls: settings.insecureTls,
    timeoutMs: settings.timeoutMs,
    taskTimeoutMs: settings.taskTimeoutSeconds * 1000,
  };
}

@Global()
@Module({
  providers: [
    BundledSimulator,
    {
      provide: PROXMOX_CONNECTION,
      inject: [proxmoxConfig.KEY, BundledSimulator],
      useFactory: (
        settings: ProxmoxSettings,
        simulator: BundledSimulator,
      ): Promise<ProxmoxConnection> | ProxmoxConnection =>
        settings.useSimulator ? simulator.start(settings) : connectionFromSettings(settings),
    },
    {
      provide: ProxmoxClient,
      inject: [PROXMOX_CONNECTION],
      useFactory: (connection: ProxmoxConnection) => new ProxmoxHttpClient(connection),
    },
  ],
  exports: [ProxmoxClient],
})
export class ProxmoxModule implements OnApplicationShutdown {
  constructor(@Inject(ProxmoxClient) private readonly client: ProxmoxClient) {}

  onApplicationShutdown(): void {
    if (this.client instanceof ProxmoxHttpClient) this.client.close();
  }
}
