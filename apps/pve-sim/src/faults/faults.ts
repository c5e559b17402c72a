/** A task that should fail: the next task of this type (and vmid, if given) ends with an error. */
export interface TaskFailure {
  type: string;
  vmid?: number;
  /** The error text after `TASK ERROR: `. */
  message?: string;
}

export interface FaultSettings {
  /** Fraction (0..1) of API requests answered with `errorStatus`. */
  errorRate: number;
  errorStatus: number;
  errorMessage: string;
  /** Added before every API answer. */
  latencyMs: number;
  /** Accept matching requests and never answer. */
  hang: boolean;
  /** Regular expression on `METHOD /path` (path below /api2/json) limiting the three above. */
  match: string;
  /** Nodes that are down: calls proxied to them fail with 595, resources show them as unknown. */
  nodesDown: string[];
  /** Added to the duration of every task. */
  taskLatencyMs: number;
  /** Consumed one by one as matching tasks start. */
  failTasks: TaskFailure[];
}

export const DEFAULT_FAULTS: FaultSettings = {
  errorRate: 0,
  errorStatus: 500,
  errorMessage: 'simulated failure (pve-sim fault injection)',
  latencyMs: 0,
  hang: false,
  match: '',
  nodesDown: [],
  taskLatencyMs: 0,
  failTasks: [],
};

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isTaskFailure(value: unknown): value is TaskFailure {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record['type'] === 'string' &&
    (record['vmid'] === undefined || typeof record['vmid'] === 'number') &&
    (record['message'] === undefined || typeof record['message'] === 'string')
  );
}

/** Checks a JSON body for /__sim/faults; returns an error text or the settings to merge. */
export function parseFaultPatch(body: unknown): Partial<FaultSettings> | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'expected an object';
  const patch: Partial<FaultSettings> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    switch (key) {
      case 'errorRate':
        if (typeof value !== 'number' || value < 0 || value > 1) return 'errorRate: 0..1';
        patch.errorRate = value;
        break;
      case 'errorStatus':
        if (typeof value !== 'number' || value < 400 || value > 599) return 'errorStatus: 400..599';
        patch.errorStatus = value;
        break;
      case 'latencyMs':
      case 'taskLatencyMs':
        if (typeof value !== 'number' || value < 0) return `${key}: a number >= 0`;
        patch[key] = value;
        break;
      case 'errorMessage':
      case 'match':
        if (typeof value !== 'string') return `${key}: a string`;
        if (key === 'match') {
          try {
            new RegExp(value);
          } catch {
            return 'match: not a valid regular expression';
          }
        }
        patch[key] = value;
        break;
      case 'hang':
        if (typeof value !== 'boolean') return 'hang: a boolean';
        patch.hang = value;
        break;
      case 'nodesDown':
        if (!isStringArray(value)) return 'nodesDown: an array of node names';
        patch.nodesDown = value;
        break;
      case 'failTasks':
        if (!Array.isArray(value) || !value.every(isTaskFailure))
          return 'failTasks: an array of {type, vmid?, message?}';
        patch.failTasks = value;
        break;
      default:
        return `unknown fault '${key}'`;
    }
  }
  return patch;
}

/** The faults in force; the HTTP pipeline and the task runner consult it. */
export class FaultController {
  private settings: FaultSettings;

  constructor(
    initial: Partial<FaultSettings>,
    private readonly random: () => number = Math.random,
  ) {
    this.settings = { ...DEFAULT_FAULTS, ...initial };
  }

  current(): FaultSettings {
    return { ...this.settings, nodesDown: [...this.settings.nodesDown] };
  }

  update(patch: Partial<FaultSettings>): FaultSettings {
    this.settings = { ...this.settings, ...patch };
    return this.current();
  }

  /** Adds task failures to the queue instead of replacing it. */
  queueTaskFailures(failures: TaskFailure[]): void {
    this.settings.failTasks = [...this.settings.failTasks, ...failures];
  }

  clear(): void {
    this.settings = { ...DEFAULT_FAULTS, nodesDown: [], failTasks: [] };
  }

  private matches(method: string, path: string): boolean {
    return this.settings.match === '' || new RegExp(this.settings.match).test(`${method} ${path}`);
  }

  shouldHang(method: string, path: string): boolean {
    return this.settings.hang && this.matches(method, path);
  }

  latencyFor(method: string, path: string): number {
    return this.settings.latencyMs > 0 && this.matches(method, path) ? this.settings.latencyMs : 0;
  }

  shouldFail(method: string, path: string): boolean {
    return (
      this.settings.errorRate > 0 &&
      this.matches(method, path) &&
      this.random() < this.settings.errorRate
    );
  }

  isNodeDown(node: string): boolean {
    return this.settings.nodesDown.includes(node);
  }

  taskLatencyMs(): number {
    return this.settings.taskLatencyMs;
  }

  /** Takes the first queued failure for this task, if any. */
  takeTaskFailure(type: string, vmid: string): TaskFailure | undefined {
    const index = this.settings.failTasks.findIndex(
      (failure) =>
        failure.type === type && (failure.vmid === undefined || String(failure.vmid) === vmid),
    );
    if (index === -1) return undefined;
    const [failure] = this.settings.failTasks.splice(index, 1);
    return failure;
  }
}
