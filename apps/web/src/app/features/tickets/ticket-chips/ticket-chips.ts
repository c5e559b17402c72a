import type { TicketPriority, TicketStatus } from '@hostdeck/contracts';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import { TICKET_PRIORITY_LABELS, TICKET_STATUS_LABELS } from '../data/ticket-labels';

/** A ticket's status and priority as two coloured pills. */
@Component({
  selector: 'app-ticket-chips',
  template: `
    <span
      class="chip"
      [class]="'chip status-' + status()"
      data-testid="ticket-status"
      [attr.data-status]="status()"
      >{{ statusLabels[status()] }}</span
    >
    <span
      class="chip"
      [class]="'chip priority-' + priority()"
      data-testid="ticket-priority"
      [attr.data-priority]="priority()"
      >{{ priorityLabels[priority()] }}</span
    >
  `,
  styles: `
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    .chip {
      padding: 2px 10px;
      border-radius: 999px;
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
    }
    .status-open,
    .status-customer-reply {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .status-answered {
      background: light-dark(#c8f0d0, #0f3d1c);
      color: light-dark(#0b5a24, #a6e8b5);
    }
    .priority-high {
      background: light-dark(#ffe2b3, #4a3200);
      color: light-dark(#6b4300, #ffd18a);
    }
    .priority-urgent {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TicketChips {
  readonly status = input.required<TicketStatus>();
  readonly priority = input.required<TicketPriority>();

  protected readonly statusLabels = TICKET_STATUS_LABELS;
  protected readonly priorityLabels = TICKET_PRIORITY_LABELS;
}
