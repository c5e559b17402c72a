import type { ServerView } from '@hostdeck/contracts';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import type { Subscription } from 'rxjs';

import { SessionStore } from '../../../core/auth/session-store';
import { errorMessage } from '../../../core/errors/api-error';
import { dailyChargeMinor, daysCovered } from './billing';
import { isServerBusy } from './server-store';
import { ServersApi } from './servers-api';

export type ServerListState = 'loading' | 'ready' | 'error';

/**
 * "My servers" for the dashboard. Refreshes every second while one of them is busy (creating,
 * an action running, deleting) and every 30 s otherwise, so the mini-stats follow the monitor.
 */
@Injectable()
export class ServerListStore {
  static readonly busyIntervalMs = 1_000;
  static readonly idleIntervalMs = 30_000;

  private readonly api = inject(ServersApi);
  private readonly session = inject(SessionStore);

  private readonly list = signal<ServerView[]>([]);
  private readonly state = signal<ServerListState>('loading');
  private readonly failure = signal<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private request: Subscription | null = null;
  private isDestroyed = false;

  readonly servers = this.list.asReadonly();
  readonly loadState = this.state.asReadonly();
  readonly loadError = this.failure.asReadonly();
  readonly isEmpty = computed(() => this.state() === 'ready' && this.list().length === 0);
  readonly balanceMinor = computed(() => this.session.user()?.balanceMinor ?? 0);
  /** What the servers cost per day together (minor units). */
  readonly dailyChargeMinor = computed(() => dailyChargeMinor(this.list()));
  /** Whole days the balance pays for; null when nothing is charged. */
  readonly daysCovered = computed(() =>
    daysCovered(this.balanceMinor(), this.dailyChargeMinor()),
  );

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.isDestroyed = true;
      this.cancelTimer();
      this.request?.unsubscribe();
    });
  }

  /** Loads the list (and the balance) now, then keeps refreshing. */
  load(): void {
    if (this.state() === 'error') this.state.set('loading');
    this.session.refreshUser();
    this.fetch();
  }

  private fetch(): void {
    if (this.isDestroyed) return;
    this.cancelTimer();
    this.request?.unsubscribe();
    this.request = this.api.listServers().subscribe({
      next: (servers) => {
        const wasBusy = this.list().some(isServerBusy);
        this.list.set(servers);
        this.state.set('ready');
        this.failure.set(null);
        const isBusy = servers.some(isServerBusy);
        // A server finished creating or was deleted: the balance may have changed.
        if (wasBusy && !isBusy) this.session.refreshUser();
        this.schedule(isBusy ? ServerListStore.busyIntervalMs : ServerListStore.idleIntervalMs);
      },
      error: (error: unknown) => {
        this.failure.set(errorMessage(error, 'Your servers could not be loaded.'));
        if (this.state() === 'loading') {
          this.state.set('error');
          return;
        }
        // Keep the last list on screen and try again later.
        this.schedule(ServerListStore.idleIntervalMs);
      },
    });
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
