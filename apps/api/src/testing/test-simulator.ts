import type { BundledSimulatorSettings } from '../modules/proxmox/bundled-simulator';
import type { ProxmoxConnection } from '../modules/proxmox/proxmox-connection';

/**
 * How the suites that start the bundled simulator themselves (beside API processes) run it: fast
 * tasks, no 401 delay, the storages and bridge of a default node. Options override.
 */
export function testSimulatorSettings(
  dataDir: string,
  options: Partial<Omit<BundledSimulatorSettings, 'dataDir'>> = {},
): BundledSimulatorSettings {
  return {
    dataDir,
    timeoutMs: 5000,
    taskTimeoutSeconds: 60,
    storage: 'local-lvm',
    templateStorage: 'local',
    bridge: 'vmbr0',
    ...options,
    simulatorEnv: {
      PVE_SIM_TASK_SCALE: '0.01',
      PVE_SIM_AUTH_DELAY_MS: '0',
      ...options.simulatorEnv,
    },
  };
}

/** The API's environment for talking to a simulator the suite started. */
export function proxmoxEnv(connection: ProxmoxConnection): Record<string, string> {
  return {
    PROXMOX_API_URL: connection.apiUrl,
    PROXMOX_TOKEN_ID: connection.tokenId,
    PROXMOX_TOKEN_SECRET: connection.tokenSecret,
  };
}
