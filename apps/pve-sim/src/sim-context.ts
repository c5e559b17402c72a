import type { Clock } from './core/clock';
import type { FaultController } from './faults/faults';
import type { LoadModel } from './load/load-model';
import type { ResolvedOptions, Role } from './options';
import type { ClusterState } from './state/cluster-state';
import type { IpPool } from './state/ip-pool';
import type { TaskManager } from './tasks/task-manager';

/** Who is calling: a user with a ticket, or an API token. */
export interface Caller {
  /** `user@realm` or `user@realm!tokenid` (what a UPID records). */
  authid: string;
  userid: string;
  isToken: boolean;
  role: Role;
}

/** A schema violation found in strict mode. */
export interface Violation {
  method: string;
  path: string;
  template: string;
  errors: Record<string, string>;
  at: string;
}

/** Everything the handlers and services share. */
export interface SimContext {
  readonly options: ResolvedOptions;
  readonly clock: Clock;
  readonly state: ClusterState;
  readonly tasks: TaskManager;
  readonly load: LoadModel;
  readonly faults: FaultController;
  readonly ipPool: IpPool;
  readonly violations: Violation[];
  /** Schedules a write of the state file (no-op without one). */
  persist(): void;
}
