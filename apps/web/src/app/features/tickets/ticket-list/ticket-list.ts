import { TICKET_STATUS_FILTERS, type TicketStatusFilter } from '@hostdeck/contracts';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';

import { TICKET_STATUS_FILTER_LABELS } from '../data/ticket-labels';
import { TicketListStore } from '../data/ticket-list-store';
import { TicketRows } from '../ticket-rows/ticket-rows';

/** "My tickets" with a status filter and paging. */
@Component({
  selector: 'app-ticket-list',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatPaginatorModule,
    MatProgressSpinnerModule,
    MatSelectModule,
    RouterLink,
    TicketRows,
  ],
  providers: [TicketListStore],
  templateUrl: './ticket-list.html',
  styleUrl: '../tickets.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TicketList {
  protected readonly store = inject(TicketListStore);
  protected readonly statuses = TICKET_STATUS_FILTERS;
  protected readonly statusLabels = TICKET_STATUS_FILTER_LABELS;

  constructor() {
    this.store.load(1);
  }

  protected filterStatus(status: TicketStatusFilter | ''): void {
    this.store.setFilters({ status: status || undefined });
  }

  protected changePage(event: PageEvent): void {
    this.store.load(event.pageIndex + 1);
  }
}
