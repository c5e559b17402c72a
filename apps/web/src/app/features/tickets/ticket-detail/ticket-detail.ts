import {
  TICKET_ATTACHMENT_MAX_BYTES,
  TICKET_ATTACHMENT_TYPES,
  TICKET_BODY_MAX_LENGTH,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketAttachmentView,
  type TicketPriority,
  type TicketStatus,
} from '@hostdeck/contracts';
import { DatePipe, DOCUMENT } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  numberAttribute,
  signal,
  untracked,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';

import { errorMessage } from '../../../core/errors/api-error';
import { Toast } from '../../../core/errors/toast';
import { SocketClient } from '../../../core/realtime/socket-client';
import { formatBytes } from '../../../shared/format/units';
import { TICKET_PRIORITY_LABELS, TICKET_STATUS_LABELS } from '../data/ticket-labels';
import { TicketStore } from '../data/ticket-store';
import { TicketsApi } from '../data/tickets-api';
import { TicketChips } from '../ticket-chips/ticket-chips';

/** Why a file cannot be attached to a ticket message, or null when it can. */
export function attachmentProblem(file: File): string | null {
  if (!(TICKET_ATTACHMENT_TYPES as readonly string[]).includes(file.type)) {
    return `${file.name} cannot be attached: use an image (PNG, JPEG, GIF, WebP), a PDF or a text file.`;
  }
  if (file.size > TICKET_ATTACHMENT_MAX_BYTES) {
    return `${file.name} is ${formatBytes(file.size)}; attachments may be at most ${formatBytes(TICKET_ATTACHMENT_MAX_BYTES)}.`;
  }
  return null;
}

/** One ticket: the thread, a reply box, close/reopen, and staff tools for support/admin. */
@Component({
  selector: 'app-ticket-detail',
  imports: [
    DatePipe,
    FormsModule,
    MatButtonModule,
    MatCardModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressSpinnerModule,
    MatSelectModule,
    RouterLink,
    TicketChips,
  ],
  providers: [TicketStore],
  templateUrl: './ticket-detail.html',
  styleUrls: ['../tickets.scss', './ticket-detail.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TicketDetailPage {
  /** Route parameter. */
  readonly id = input.required({ transform: numberAttribute });
  /** Route data: the list to go back to. */
  readonly backLink = input('/tickets');

  protected readonly store = inject(TicketStore);
  private readonly api = inject(TicketsApi);
  private readonly toast = inject(Toast);
  private readonly document = inject(DOCUMENT);

  protected readonly bodyMax = TICKET_BODY_MAX_LENGTH;
  protected readonly statuses = TICKET_STATUSES;
  protected readonly priorities = TICKET_PRIORITIES;
  protected readonly statusLabels = TICKET_STATUS_LABELS;
  protected readonly priorityLabels = TICKET_PRIORITY_LABELS;
  protected readonly reply = signal('');
  protected readonly isInternal = signal(false);
  protected readonly formatBytes = formatBytes;
  protected readonly attachmentAccept = TICKET_ATTACHMENT_TYPES.join(',');
  protected readonly attachment = signal<File | null>(null);
  protected readonly attachmentError = computed(() => {
    const file = this.attachment();
    return file === null ? null : attachmentProblem(file);
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.store.load(id));
    });
    // A notification about this ticket (a reply from the other side): show the new thread.
    const stopListening = inject(SocketClient).on('notification', (event) => {
      if (event.link?.endsWith(`/tickets/${this.id()}`)) this.store.load(this.id());
    });
    inject(DestroyRef).onDestroy(stopListening);
  }

  protected async send(): Promise<void> {
    const body = this.reply().trim();
    if (body === '' || this.attachmentError() !== null) return;
    if (await this.store.reply(body, this.isInternal(), this.attachment())) {
      this.reply.set('');
      this.isInternal.set(false);
      this.attachment.set(null);
    }
  }

  protected pickAttachment(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.attachment.set(input.files?.item(0) ?? null);
    input.value = '';
  }

  protected setStatus(status: TicketStatus): void {
    void this.store.setStatus(status);
  }

  protected setPriority(priority: TicketPriority): void {
    void this.store.setPriority(priority);
  }

  protected download(attachment: TicketAttachmentView): void {
    this.api.download(attachment.url).subscribe({
      next: (blob) => {
        const url = URL.createObjectURL(blob);
        const link = this.document.createElement('a');
        link.href = url;
        link.download = attachment.name;
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 0);
      },
      error: (error: unknown) =>
        this.toast.showError(errorMessage(error, 'The attachment could not be downloaded.')),
    });
  }
}
