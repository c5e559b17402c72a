import { GIB } from './core/sizes';
import type { FaultSettings, TaskFailure } from './faults/faults';
import { DEFAULT_SIM_TOKEN, DEFAULT_SIM_USER, SimulatorOptions } from './options';

type Env = Record<string, string | undefined>;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * `PVE_SIM_FAULT_FAIL_TASKS`: `type[@vmid][=message]` separated by `;`, e.g.
 * `vzstart@101=startup for container '101' failed;vzcreate`.
 */
export function parseTaskFailures(value: string): TaskFailure[] {
  return value
    .split(';')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const match = /^([a-z]+)(?:@(\d+))?(?:=(.*))?$/.exec(item);
      if (!match) throw new Error(`PVE_SIM_FAULT_FAIL_TASKS: cannot parse '${item}'`);
      return {
        type: match[1],
        ...(match[2] ? { vmid: Number(match[2]) } : {}),
        ...(match[3] ? { message: match[3] } : {}),
      };
    });
}

/** The CLI's settings from PVE_SIM_* variables; a malformed value throws, naming the variable. */
export function optionsFromEnv(env: Env): SimulatorOptions {
  const problems: string[] = [];
  const number = (name: string, fallback?: number, min = 0): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min) {
      problems.push(`${name}=${raw} (expected a number >= ${min})`);
      return fallback;
    }
    return value;
  };
  const flag = (name: string): boolean | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    problems.push(`${name}=${raw} (expected 1/0/true/false)`);
    return undefined;
  };

  const sshPortRaw = env['PVE_SIM_SSH_PORT'];
  const isSshOff = sshPortRaw === 'off';
  const faults: Partial<FaultSettings> = {};
  const errorRate = number('PVE_SIM_FAULT_ERROR_RATE');
  if (errorRate !== undefined) faults.errorRate = Math.min(1, errorRate);
  const latency = number('PVE_SIM_FAULT_LATENCY_MS');
  if (latency !== undefined) faults.latencyMs = latency;
  const hang = flag('PVE_SIM_FAULT_HANG');
  if (hang !== undefined) faults.hang = hang;
  if (env['PVE_SIM_FAULT_MATCH']) faults.match = env['PVE_SIM_FAULT_MATCH'];
  if (env['PVE_SIM_FAULT_NODES_DOWN']) faults.nodesDown = list(env['PVE_SIM_FAULT_NODES_DOWN']);
  const taskLatency = number('PVE_SIM_FAULT_TASK_LATENCY_MS');
  if (taskLatency !== undefined) faults.taskLatencyMs = taskLatency;
  if (env['PVE_SIM_FAULT_FAIL_TASKS']) {
    try {
      faults.failTasks = parseTaskFailures(env['PVE_SIM_FAULT_FAIL_TASKS']);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }

  // Bigger nodes for load tests: thousands of containers need more than the default 64 GiB/500 GiB.
  const memoryGb = number('PVE_SIM_NODE_MEMORY_GB', undefined, 1);
  const diskGb = number('PVE_SIM_NODE_DISK_GB', undefined, 1);
  const nodeNames = env['PVE_SIM_NODES'] ? list(env['PVE_SIM_NODES']) : ['pve1'];
  const options: SimulatorOptions = {
    host: env['PVE_SIM_HOST'] || '127.0.0.1',
    port: number('PVE_SIM_PORT', 8006),
    nodes:
      memoryGb || diskGb
        ? nodeNames.map((name) => ({
            name,
            ...(memoryGb ? { memoryBytes: memoryGb * GIB } : {}),
            ...(diskGb ? { lvmThinBytes: diskGb * GIB, rootfsBytes: diskGb * GIB } : {}),
          }))
        : nodeNames,
    tokens: env['PVE_SIM_TOKEN'] ? list(env['PVE_SIM_TOKEN']) : [DEFAULT_SIM_TOKEN],
    users: env['PVE_SIM_USERS'] ? list(env['PVE_SIM_USERS']) : [DEFAULT_SIM_USER],
    ssh: isSshOff
      ? false
      : {
          port: number('PVE_SIM_SSH_PORT', 2222),
          authorizedKeysFile: env['PVE_SIM_SSH_AUTHORIZED_KEYS'] || undefined,
        },
    taskDurationScale: number('PVE_SIM_TASK_SCALE', 1),
    authFailureDelayMs: number('PVE_SIM_AUTH_DELAY_MS', 3000),
    seed: number('PVE_SIM_SEED'),
    strict: flag('PVE_SIM_STRICT') ?? false,
    stateFile: env['PVE_SIM_STATE_FILE'] || undefined,
    ipPool: env['PVE_SIM_IP_POOL'] || undefined,
    allowTokenConsole: flag('PVE_SIM_ALLOW_TOKEN_CONSOLE'),
    consoleConnectTimeoutMs: number('PVE_SIM_CONSOLE_TIMEOUT_MS'),
    faults,
  };
  if (problems.length > 0) throw new Error(`invalid environment: ${problems.join('; ')}`);
  return options;
}
