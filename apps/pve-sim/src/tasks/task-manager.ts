import { formatUpid } from '@hostdeck/pve-schema';

import type { Clock } from '../core/clock';
import { errorMessage } from '../core/pve-error';
import { hash32 } from '../core/random';
import type { FaultController } from '../faults/faults';
import type { TaskRecord } from '../state/types';

/** What a running task can do. */
export interface TaskContext {
  readonly upid: string;
  log(line: string): void;
  /**
   * Waits a realistic duration (scaled by taskDurationScale). The first call also applies the
   * injected task latency and throws an injected failure, so every task can be made to fail.
   */
  sleep(realisticMs: number): Promise<void>;
  /** Waits for an outside event (e.g. a console connection) or the task being stopped. */
  waitFor<T>(promise: Promise<T>): Promise<T>;
}

export type TaskWorker = (context: TaskContext) => Promise<void>;

export interface StartTaskOptions {
  node: string;
  type: string;
  /** Usually the vmid; may be empty. */
  id: string;
  user: string;
  worker: TaskWorker;
}

interface RunningTask {
  record: TaskRecord;
  isAborted: boolean;
  abort: (() => void)[];
  done: Promise<TaskRecord>;
}

const MAX_TASKS = 1000;

/** A failure queued with the faults API; its text is used as it is. */
export class InjectedTaskFailure extends Error {}

class TaskAborted extends Error {
  constructor() {
    super('received interrupt');
  }
}

/** Workers with UPIDs, logs and exit status, the way pvedaemon forks them. */
export class TaskManager {
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly running = new Map<string, RunningTask>();
  private sequence = 0;

  constructor(
    private readonly clock: Clock,
    private readonly seed: number,
    private readonly faults: FaultController,
    private readonly settings: { taskDurationScale: number },
    private readonly bootTimeOf: (node: string) => number,
    private readonly onChange: () => void,
  ) {}

  start(options: StartTaskOptions): string {
    const now = this.clock.now();
    this.sequence++;
    const pid = 1000 + (hash32(this.seed, 'pid-base', options.node) % 400000) + this.sequence * 7;
    const bootMs = this.bootTimeOf(options.node);
    const upid = formatUpid({
      node: options.node,
      pid,
      pstart: Math.max(1, Math.floor((now - bootMs) / 10)),
      starttime: Math.floor(now / 1000),
      type: options.type,
      id: options.id,
      user: options.user,
    });
    const record: TaskRecord = {
      upid,
      node: options.node,
      pid,
      pstart: Math.max(1, Math.floor((now - bootMs) / 10)),
      starttime: Math.floor(now / 1000),
      type: options.type,
      id: options.id,
      user: options.user,
      status: 'running',
      log: [],
    };
    this.tasks.set(upid, record);
    this.trim();
    const injected = this.faults.takeTaskFailure(options.type, options.id);
    let isFirstSleep = true;
    const running: RunningTask = {
      record,
      isAborted: false,
      abort: [],
      done: Promise.resolve(record),
    };
    const checkAbort = () => {
      if (running.isAborted) throw new TaskAborted();
    };
    const context: TaskContext = {
      upid,
      log: (line) => {
        record.log.push(line);
      },
      sleep: async (realisticMs) => {
        let ms = realisticMs * this.settings.taskDurationScale;
        if (isFirstSleep) ms += this.faults.taskLatencyMs();
        await this.delay(ms, running);
        checkAbort();
        if (isFirstSleep) {
          isFirstSleep = false;
          if (injected) {
            throw new InjectedTaskFailure(
              injected.message ?? `simulated ${options.type} failure (pve-sim fault injection)`,
            );
          }
        }
      },
      waitFor: async <T>(promise: Promise<T>) => {
        const aborted = new Promise<never>((_resolve, reject) =>
          running.abort.push(() => reject(new TaskAborted())),
        );
        return Promise.race([promise, aborted]);
      },
    };
    this.running.set(upid, running);
    running.done = this.run(running, options.worker, context);
    this.onChange();
    return upid;
  }

  private async run(running: RunningTask, worker: TaskWorker, context: TaskContext) {
    const record = running.record;
    try {
      await new Promise((resolve) => setImmediate(resolve));
      await worker(context);
      record.exitstatus = 'OK';
      record.log.push('TASK OK');
    } catch (error) {
      const message = errorMessage(error).replace(/\n+$/, '').split('\n')[0];
      record.exitstatus = message;
      record.log.push(`TASK ERROR: ${message}`);
    }
    record.status = 'stopped';
    record.endtime = this.clock.nowSeconds();
    this.running.delete(record.upid);
    this.onChange();
    return record;
  }

  private delay(ms: number, running: RunningTask): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(finish, Math.max(0, ms));
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      running.abort.push(finish);
    });
  }

  get(upid: string): TaskRecord | undefined {
    return this.tasks.get(upid);
  }

  list(): TaskRecord[] {
    return [...this.tasks.values()].sort((a, b) => b.starttime - a.starttime || b.pid - a.pid);
  }

  /** Waits until the task has stopped. */
  async waitFor(upid: string): Promise<TaskRecord | undefined> {
    const running = this.running.get(upid);
    return running ? running.done : this.tasks.get(upid);
  }

  /** DELETE /nodes/{node}/tasks/{upid}: interrupts a running task. */
  stop(upid: string): boolean {
    const running = this.running.get(upid);
    if (!running) return false;
    running.isAborted = true;
    for (const abort of running.abort.splice(0)) abort();
    return true;
  }

  /** Stops everything (shutdown) and waits for the workers to unwind. */
  async stopAll(): Promise<void> {
    const pending = [...this.running.values()];
    for (const task of pending) this.stop(task.record.upid);
    await Promise.all(pending.map((task) => task.done));
  }

  isRunning(upid: string): boolean {
    return this.running.has(upid);
  }

  /** Finished tasks to keep across restarts (running ones are recorded as interrupted). */
  snapshot(limit = 200): TaskRecord[] {
    return this.list()
      .slice(0, limit)
      .map((task) =>
        task.status === 'running'
          ? {
              ...task,
              status: 'stopped' as const,
              exitstatus: 'unexpected status',
              endtime: this.clock.nowSeconds(),
              log: [...task.log],
            }
          : { ...task, log: [...task.log] },
      );
  }

  restore(records: TaskRecord[]): void {
    for (const record of records) this.tasks.set(record.upid, record);
    this.sequence = records.length;
  }

  clear(): void {
    this.tasks.clear();
  }

  private trim(): void {
    if (this.tasks.size <= MAX_TASKS) return;
    for (const upid of this.tasks.keys()) {
      if (this.tasks.size <= MAX_TASKS) break;
      if (!this.running.has(upid)) this.tasks.delete(upid);
    }
  }
}
