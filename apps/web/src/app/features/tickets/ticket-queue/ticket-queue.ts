import {
  TICKET_PRIORITIES,
  TICKET_STATUS_FILTERS,
  type TicketPriority,
  type TicketStatusFilter,
} from '@hostdeck/contracts';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';

import { TICKET_PRIORITY_LABELS, TICKET_STATUS_FILTER_LABELS } from '../data/ticket-labels';
import { type TicketFilters, TicketListStore } from '../data/ticket-list-store';
import { TicketRows } from '../ticket-rows/ticket-rows';

export type AssigneeFilter = '' | 'me' | 'none';

/** How long typing pauses before the search runs. */
export const SEARCH_DEBOUNCE_MS = 300;

/** The staff ticket queue: every customer's tickets with filters. */
@Component({
  selector: 'app-ticket-queue',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressSpinnerModule,
    MatSelectModule,
    TicketRows,
  ],
  providers: [TicketListStore],
  templateUrl: './ticket-queue.html',
  styleUrl: '../tickets.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TicketQueue {
  protected readonly store = inject(TicketListStore);
  protected readonly statuses = TICKET_STATUS_FILTERS;
  protected readonly statusLabels = TICKET_STATUS_FILTER_LABELS;
  protected readonly priorities = TICKET_PRIORITIES;
  protected readonly priorityLabels = TICKET_PRIORITY_LABELS;

  protected readonly status = signal<TicketStatusFilter | ''>('active');
  protected readonly priority = signal<TicketPriority | ''>('');
  protected readonly assignee = signal<AssigneeFilter>('');
  protected readonly search = signal('');
  private searchTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    this.apply();
    inject(DestroyRef).onDestroy(() => {
      if (this.searchTimer !== null) clearTimeout(this.searchTimer);
    });
  }

  protected setStatus(value: TicketStatusFilter | ''): void {
    this.status.set(value);
    this.apply();
  }

  protected setPriority(value: TicketPriority | ''): void {
    this.priority.set(value);
    this.apply();
  }

  protected setAssignee(value: AssigneeFilter): void {
    this.assignee.set(value);
    this.apply();
  }

  protected setSearch(value: string): void {
    this.search.set(value);
    if (this.searchTimer !== null) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.searchTimer = null;
      this.apply();
    }, SEARCH_DEBOUNCE_MS);
  }

  protected changePage(event: PageEvent): void {
    this.store.load(event.pageIndex + 1);
  }

  private apply(): void {
    const filters: TicketFilters = {
      status: this.status() || undefined,
      priority: this.priority() || undefined,
      assignee: this.assignee() || undefined,
      search: this.search().trim() || undefined,
    };
    this.store.setFilters(filters);
  }
}
