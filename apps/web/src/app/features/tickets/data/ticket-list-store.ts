import type { TicketListQuery, TicketSummary } from '@hostdeck/contracts';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import type { Subscription } from 'rxjs';

import { errorMessage } from '../../../core/errors/api-error';
import { TicketsApi } from './tickets-api';

export type TicketListState = 'loading' | 'ready' | 'error';

export const TICKET_PAGE_SIZE = 20;

/** Filters without paging; every change starts again at page 1. */
export type TicketFilters = Omit<TicketListQuery, 'page' | 'pageSize'>;

/** A page of tickets: the customer's own, or (staff) the queue with filters. */
@Injectable()
export class TicketListStore {
  private readonly api = inject(TicketsApi);

  private readonly rows = signal<TicketSummary[]>([]);
  private readonly totalRows = signal(0);
  private readonly currentPage = signal(1);
  private readonly currentFilters = signal<TicketFilters>({});
  private readonly state = signal<TicketListState>('loading');
  private readonly failure = signal<string | null>(null);
  private request: Subscription | null = null;

  readonly tickets = this.rows.asReadonly();
  readonly total = this.totalRows.asReadonly();
  readonly page = this.currentPage.asReadonly();
  readonly filters = this.currentFilters.asReadonly();
  readonly pageSize = TICKET_PAGE_SIZE;
  readonly loadState = this.state.asReadonly();
  readonly loadError = this.failure.asReadonly();
  readonly isEmpty = computed(() => this.state() === 'ready' && this.totalRows() === 0);
  readonly isFiltered = computed(() =>
    Object.values(this.currentFilters()).some((value) => value !== undefined && value !== ''),
  );

  constructor() {
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());
  }

  load(page = this.currentPage()): void {
    this.currentPage.set(page);
    this.state.set('loading');
    this.request?.unsubscribe();
    this.request = this.api
      .list({ ...this.currentFilters(), page, pageSize: TICKET_PAGE_SIZE })
      .subscribe({
        next: (result) => {
          this.rows.set(result.items);
          this.totalRows.set(result.total);
          this.failure.set(null);
          this.state.set('ready');
        },
        error: (error: unknown) => {
          this.failure.set(errorMessage(error, 'The tickets could not be loaded.'));
          this.state.set('error');
        },
      });
  }

  setFilters(filters: TicketFilters): void {
    this.currentFilters.set(filters);
    this.load(1);
  }
}
