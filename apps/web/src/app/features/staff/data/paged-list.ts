import type { Page } from '@hostdeck/contracts';
import { computed, signal } from '@angular/core';
import type { Observable, Subscription } from 'rxjs';

import { errorMessage } from '../../../core/errors/api-error';

export type ListState = 'loading' | 'ready' | 'error';

/**
 * One paged list of a staff screen: its rows, total, 1-based page, load state and error. The
 * latest request wins; a quiet reload keeps the rows on screen instead of a spinner.
 */
export class PagedList<T> {
  private readonly rows = signal<T[]>([]);
  private readonly count = signal(0);
  private readonly currentPage = signal(1);
  private readonly stateSignal = signal<ListState>('loading');
  private readonly failure = signal<string | null>(null);
  private request: Subscription | null = null;

  readonly items = this.rows.asReadonly();
  readonly total = this.count.asReadonly();
  readonly page = this.currentPage.asReadonly();
  readonly state = this.stateSignal.asReadonly();
  readonly error = this.failure.asReadonly();
  readonly isEmpty = computed(() => this.stateSignal() === 'ready' && this.rows().length === 0);

  constructor(
    readonly pageSize: number,
    private readonly failureText: string,
  ) {}

  load(page: number, call: (page: number) => Observable<Page<T>>, isQuiet = false): void {
    this.currentPage.set(page);
    if (!isQuiet || this.stateSignal() !== 'ready') this.stateSignal.set('loading');
    this.request?.unsubscribe();
    this.request = call(page).subscribe({
      next: (result) => {
        this.rows.set(result.items);
        this.count.set(result.total);
        this.failure.set(null);
        this.stateSignal.set('ready');
      },
      error: (error: unknown) => {
        this.failure.set(errorMessage(error, this.failureText));
        this.stateSignal.set('error');
      },
    });
  }

  /** Replaces one row in place (after an action on it). */
  replace(matches: (row: T) => boolean, row: T): void {
    this.rows.update((rows) => rows.map((existing) => (matches(existing) ? row : existing)));
  }

  /** Drops one row (it no longer matches the filter). */
  remove(matches: (row: T) => boolean): void {
    const before = this.rows().length;
    this.rows.update((rows) => rows.filter((row) => !matches(row)));
    if (this.rows().length < before) this.count.update((count) => Math.max(0, count - 1));
  }

  destroy(): void {
    this.request?.unsubscribe();
  }
}
