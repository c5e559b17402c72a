import type { TicketSummary } from '@hostdeck/contracts';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import { TicketChips } from '../ticket-chips/ticket-chips';

/** A list of tickets, each a link to its thread. */
@Component({
  selector: 'app-ticket-rows',
  imports: [DatePipe, RouterLink, TicketChips],
  template: `
    <ul class="rows" aria-label="Tickets" data-testid="ticket-rows">
      @for (ticket of tickets(); track ticket.id) {
        <li>
          <a
            class="row"
            [routerLink]="[linkBase(), ticket.id]"
            [attr.data-testid]="'ticket-row-' + ticket.id"
          >
            <span class="main">
              <span class="subject"
                ><span class="number">#{{ ticket.id }}</span> {{ ticket.subject }}</span
              >
              <span class="meta">
                @if (showCustomer()) {
                  <span data-testid="ticket-customer">{{ ticket.customerEmail }} · </span>
                  <span
                    >{{
                      ticket.assigneeEmail ? 'Assigned to ' + ticket.assigneeEmail : 'Unassigned'
                    }}
                    ·
                  </span>
                }
                Last activity {{ ticket.lastMessageAt | date: 'medium' }}
              </span>
            </span>
            <app-ticket-chips [status]="ticket.status" [priority]="ticket.priority" />
          </a>
        </li>
      }
    </ul>
  `,
  styles: `
    .rows {
      margin: 0;
      padding: 0;
      list-style: none;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      overflow: hidden;
    }
    li + li {
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px 16px;
      padding: 12px 16px;
      color: inherit;
      text-decoration: none;
    }
    .row:hover,
    .row:focus-visible {
      background: var(--mat-sys-surface-container-high);
    }
    .main {
      display: flex;
      flex-direction: column;
      min-width: 0;
    }
    .subject {
      font: var(--mat-sys-title-small);
      overflow-wrap: anywhere;
    }
    .number {
      color: var(--mat-sys-on-surface-variant);
    }
    .meta {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TicketRows {
  readonly tickets = input.required<readonly TicketSummary[]>();
  /** Where a ticket opens: /tickets or /staff/tickets. */
  readonly linkBase = input('/tickets');
  readonly showCustomer = input(false);
}
