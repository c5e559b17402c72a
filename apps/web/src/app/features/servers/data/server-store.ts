import type {
  OperationAccepted,
  OperationType,
  ResizeServerRequest,
  ResizeServerResponse,
  ServerStatus,
  ServerView,
} from '@hostdeck/contracts';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { type Observable, type Subscription, firstValueFrom } from 'rxjs';

import { errorMessage, httpStatus } from '../../../core/errors/api-error';
import { Toast } from '../../../core/errors/toast';
import { OPERATION_LABELS, serverStatusLook } from '../../../shared/status-badge/server-status';
import { type PowerAction, ServersApi } from './servers-api';

export type ServerLoadState = 'loading' | 'ready' | 'not-found' | 'error';

/** What the store expects when an operation it started ends, to say whether it worked. */
interface TrackedOperation {
  readonly type: OperationType;
  /** The status the server should have afterwards; null when the status says nothing. */
  readonly expectedStatus: ServerStatus | null;
  readonly successMessage: string;
  readonly failureMessage: string;
}

/** The request the store is sending now; buttons of that action show a spinner. */
export type PendingAction =
  | PowerAction
  | 'resize'
  | 'snapshot-create'
  | 'snapshot-rollback'
  | 'snapshot-delete'
  | 'password'
  | 'delete';

/** A server is busy while an operation runs or its status is between states. */
export function isServerBusy(server: ServerView | null): boolean {
  if (!server) return false;
  return server.activeOperation !== null || serverStatusLook(server.status).isTransitional;
}

/**
 * The server from an accepted action, with the operation it started as its active one: the
 * answer may show the server as it was just before the operation was attached to it.
 */
function withOperation({ server, operation }: OperationAccepted): ServerView {
  const isOpen = operation.state === 'pending' || operation.state === 'running';
  if (server.activeOperation !== null || !isOpen) return server;
  return { ...server, activeOperation: operation };
}

/**
 * One server, for the ServerPanel and the create page (provided per component, so it lives and
 * dies with the page). While an operation runs it polls GET /api/server/:id every second, stops
 * when the operation ends and says how it ended. Actions are refused while another one runs.
 */
@Injectable()
export class ServerStore {
  static readonly pollIntervalMs = 1_000;
  /** After a failed poll, wait a little longer before asking again. */
  static readonly retryIntervalMs = 3_000;

  private readonly api = inject(ServersApi);
  private readonly toast = inject(Toast);
  private readonly router = inject(Router);

  private readonly serverId = signal<number | null>(null);
  private readonly current = signal<ServerView | null>(null);
  private readonly state = signal<ServerLoadState>('loading');
  private readonly failure = signal<string | null>(null);
  private readonly pollFailure = signal<string | null>(null);
  private readonly pending = signal<PendingAction | null>(null);
  private readonly finishedCount = signal(0);
  private tracked: TrackedOperation | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private request: Subscription | null = null;
  private isDestroyed = false;

  readonly server = this.current.asReadonly();
  readonly loadState = this.state.asReadonly();
  /** Why the server could not be loaded (loadState 'error'). */
  readonly loadError = this.failure.asReadonly();
  /** Set while polling fails; the last known state stays on screen. */
  readonly connectionProblem = this.pollFailure.asReadonly();
  readonly pendingAction = this.pending.asReadonly();
  /** Counts finished operations, so views can reload what an operation changed. */
  readonly operationsFinished = this.finishedCount.asReadonly();

  readonly status = computed(() => this.current()?.status ?? null);
  readonly statusLook = computed(() => {
    const status = this.status();
    return status ? serverStatusLook(status) : null;
  });
  readonly activeOperation = computed(() => this.current()?.activeOperation ?? null);
  /** "Stopping", "Taking a snapshot"…, or null when nothing runs. */
  readonly progressLabel = computed(() => {
    const operation = this.activeOperation();
    if (operation) return OPERATION_LABELS[operation.type];
    const look = this.statusLook();
    return look?.isTransitional ? look.label : null;
  });
  readonly isBusy = computed(() => this.pending() !== null || isServerBusy(this.current()));

  readonly canStart = computed(() => this.isIdleIn(['stopped', 'unknown']));
  readonly canStop = computed(() => this.isIdleIn(['running', 'unknown']));
  readonly canRestart = computed(() => this.isIdleIn(['running']));
  /** Resize and snapshots need a settled container. */
  readonly canManage = computed(() => this.isIdleIn(['running', 'stopped']));
  readonly canResetPassword = computed(() => this.isIdleIn(['running']));
  readonly canDelete = computed(() =>
    this.isIdleIn(['running', 'stopped', 'suspended', 'error', 'unknown']),
  );

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.isDestroyed = true;
      this.cancelTimer();
      this.request?.unsubscribe();
    });
  }

  /** Loads a server and keeps it fresh while it is busy. */
  load(id: number): void {
    if (this.serverId() === id && this.state() !== 'error') return;
    this.serverId.set(id);
    this.current.set(null);
    this.tracked = null;
    this.state.set('loading');
    this.failure.set(null);
    this.fetch();
  }

  /** Starts from a server the caller already has (e.g. the create answer) and follows it. */
  follow(server: ServerView): void {
    this.serverId.set(server.id);
    this.accept(server);
  }

  /** Asks for the server now (retry buttons, after a conflict). */
  refresh(): void {
    if (this.serverId() === null) return;
    if (this.state() === 'error') this.state.set('loading');
    this.fetch();
  }

  start(): Promise<OperationAccepted | null> {
    return this.changePower('start', false);
  }

  stop(force = false): Promise<OperationAccepted | null> {
    return this.changePower('stop', force);
  }

  restart(): Promise<OperationAccepted | null> {
    return this.changePower('restart', false);
  }

  resize(body: ResizeServerRequest): Promise<ResizeServerResponse | null> {
    return this.run('resize', (id) => this.api.resizeServer(id, body), {
      type: 'resize',
      expectedStatus: null,
      successMessage: 'Resize finished',
      failureMessage: 'The resize did not finish',
    });
  }

  createSnapshot(name: string, description?: string): Promise<OperationAccepted | null> {
    const body = description ? { name, description } : { name };
    return this.run('snapshot-create', (id) => this.api.createSnapshot(id, body), {
      type: 'snapshot-create',
      expectedStatus: null,
      successMessage: `Snapshot ${name} taken`,
      failureMessage: `Snapshot ${name} could not be taken`,
    });
  }

  rollbackSnapshot(name: string): Promise<OperationAccepted | null> {
    return this.run('snapshot-rollback', (id) => this.api.rollbackSnapshot(id, name), {
      type: 'snapshot-rollback',
      expectedStatus: null,
      successMessage: `Restored snapshot ${name}`,
      failureMessage: `Snapshot ${name} could not be restored`,
    });
  }

  deleteSnapshot(name: string): Promise<OperationAccepted | null> {
    return this.run('snapshot-delete', (id) => this.api.deleteSnapshot(id, name), {
      type: 'snapshot-delete',
      expectedStatus: null,
      successMessage: `Snapshot ${name} deleted`,
      failureMessage: `Snapshot ${name} could not be deleted`,
    });
  }

  /** Deletes the server; when it is gone the store goes back to the dashboard. */
  deleteServer(): Promise<OperationAccepted | null> {
    const hostname = this.current()?.hostname ?? 'The server';
    return this.run('delete', (id) => this.api.deleteServer(id), {
      type: 'delete',
      expectedStatus: null,
      successMessage: `${hostname} was deleted`,
      failureMessage: `${hostname} could not be deleted`,
    });
  }

  /** Sets a new random root password; resolves with it (shown once), or null on failure. */
  async resetRootPassword(): Promise<string | null> {
    const id = this.serverId();
    if (id === null || this.pending() !== null) return null;
    this.pending.set('password');
    try {
      const { password } = await firstValueFrom(this.api.resetRootPassword(id));
      return password;
    } catch (error) {
      this.reportActionError(error, 'The root password could not be changed');
      return null;
    } finally {
      this.pending.set(null);
    }
  }

  private changePower(action: PowerAction, force: boolean): Promise<OperationAccepted | null> {
    const outcomes: Record<PowerAction, [ServerStatus, string, string]> = {
      start: ['running', 'Server started', 'The start did not finish'],
      stop: ['stopped', 'Server stopped', 'The stop did not finish'],
      restart: ['running', 'Server restarted', 'The restart did not finish'],
    };
    const [expectedStatus, successMessage, failureMessage] = outcomes[action];
    return this.run(action, (id) => this.api.changePower(id, action, force), {
      type: action,
      expectedStatus,
      successMessage,
      failureMessage,
    });
  }

  /** Sends one operation request; the answer's server starts the polling. */
  private async run<T extends OperationAccepted>(
    action: PendingAction,
    send: (id: number) => Observable<T>,
    tracked: TrackedOperation,
  ): Promise<T | null> {
    const id = this.serverId();
    if (id === null || this.pending() !== null) return null;
    this.pending.set(action);
    // A refresh still on its way would answer with the state from before this action.
    this.request?.unsubscribe();
    this.cancelTimer();
    try {
      const accepted = await firstValueFrom(send(id));
      this.tracked = tracked;
      this.accept(withOperation(accepted));
      return accepted;
    } catch (error) {
      this.reportActionError(error, `${tracked.failureMessage}.`);
      return null;
    } finally {
      this.pending.set(null);
    }
  }

  private reportActionError(error: unknown, fallback: string): void {
    this.toast.showError(errorMessage(error, fallback));
    // 409: the server changed under us (another tab, the monitor). Show what it is now.
    if (httpStatus(error) === 409) this.fetch();
  }

  private fetch(): void {
    const id = this.serverId();
    if (id === null || this.isDestroyed) return;
    this.cancelTimer();
    this.request?.unsubscribe();
    this.request = this.api.getServer(id).subscribe({
      next: (server) => this.accept(server),
      error: (error: unknown) => this.reject(error),
    });
  }

  private accept(server: ServerView): void {
    const wasBusy = isServerBusy(this.current());
    this.current.set(server);
    this.state.set('ready');
    this.pollFailure.set(null);
    if (isServerBusy(server)) {
      this.schedule(ServerStore.pollIntervalMs);
    } else {
      this.cancelTimer();
      if (wasBusy || this.tracked) this.operationEnded(server);
    }
  }

  private reject(error: unknown): void {
    if (httpStatus(error) === 404) {
      const wasDeleting = this.tracked?.type === 'delete' || this.status() === 'deleting';
      this.current.set(null);
      this.state.set('not-found');
      if (wasDeleting) {
        const message = this.tracked?.successMessage ?? 'The server was deleted';
        this.tracked = null;
        this.toast.showInfo(message);
        void this.router.navigateByUrl('/');
      }
      return;
    }
    const message = errorMessage(error, 'The server could not be loaded.');
    if (this.current() === null) {
      this.state.set('error');
      this.failure.set(message);
      return;
    }
    // Polling hit a bump: keep showing the last known state and try again.
    this.pollFailure.set(message);
    if (isServerBusy(this.current())) this.schedule(ServerStore.retryIntervalMs);
  }

  private operationEnded(server: ServerView): void {
    this.finishedCount.update((count) => count + 1);
    const tracked = this.tracked;
    this.tracked = null;
    if (!tracked) return;
    if (tracked.expectedStatus !== null && server.status !== tracked.expectedStatus) {
      const now = serverStatusLook(server.status).label.toLowerCase();
      this.toast.showError(`${tracked.failureMessage}: the server is ${now}.`);
      return;
    }
    if (server.status === 'error') {
      this.toast.showError(`${tracked.failureMessage}: the server reports an error.`);
      return;
    }
    this.toast.showInfo(tracked.successMessage);
  }

  private isIdleIn(statuses: readonly ServerStatus[]): boolean {
    const status = this.status();
    return status !== null && !this.isBusy() && statuses.includes(status);
  }

  private schedule(delayMs: number): void {
    if (this.isDestroyed) return;
    this.cancelTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fetch();
    }, delayMs);
  }

  private cancelTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
