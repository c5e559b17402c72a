import {
  TICKET_BODY_MAX_LENGTH,
  TICKET_PRIORITIES,
  TICKET_SUBJECT_MAX_LENGTH,
  type ServerView,
  type TicketPriority,
} from '@hostdeck/contracts';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';

import { errorMessage } from '../../../core/errors/api-error';
import { ServersApi } from '../../servers/data/servers-api';
import { TICKET_PRIORITY_LABELS } from '../data/ticket-labels';
import { TicketsApi } from '../data/tickets-api';

/** Opens a ticket: subject, message, priority and optionally one of my servers. */
@Component({
  selector: 'app-new-ticket',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressSpinnerModule,
    MatSelectModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './new-ticket.html',
  styleUrls: ['../tickets.scss', './new-ticket.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NewTicket {
  private readonly api = inject(TicketsApi);
  private readonly router = inject(Router);

  protected readonly subjectMax = TICKET_SUBJECT_MAX_LENGTH;
  protected readonly bodyMax = TICKET_BODY_MAX_LENGTH;
  protected readonly priorities = TICKET_PRIORITIES;
  protected readonly priorityLabels = TICKET_PRIORITY_LABELS;
  protected readonly servers = signal<ServerView[]>([]);
  protected readonly isSubmitting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    subject: ['', [Validators.required, Validators.maxLength(TICKET_SUBJECT_MAX_LENGTH)]],
    body: ['', [Validators.required, Validators.maxLength(TICKET_BODY_MAX_LENGTH)]],
    priority: ['normal' as TicketPriority],
    serverId: [0],
  });

  constructor() {
    // The server list is optional: without it the ticket is simply not about a server.
    const request = inject(ServersApi)
      .listServers()
      .subscribe({ next: (servers) => this.servers.set(servers), error: () => undefined });
    inject(DestroyRef).onDestroy(() => request.unsubscribe());
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { subject, body, priority, serverId } = this.form.getRawValue();
    if (subject.trim() === '' || body.trim() === '') {
      this.error.set('Write a subject and a message.');
      return;
    }
    this.isSubmitting.set(true);
    this.error.set(null);
    this.api
      .create({
        subject: subject.trim(),
        body: body.trim(),
        priority,
        ...(serverId > 0 ? { serverId } : {}),
      })
      .subscribe({
        next: (ticket) => {
          this.isSubmitting.set(false);
          void this.router.navigate(['/tickets', ticket.id]);
        },
        error: (error: unknown) => {
          this.isSubmitting.set(false);
          this.error.set(errorMessage(error, 'The ticket could not be opened.'));
        },
      });
  }
}
