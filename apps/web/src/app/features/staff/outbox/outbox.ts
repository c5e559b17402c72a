import {
  MAIL_STATUSES,
  type MailStatus,
  type OutboxMailDetail,
  type OutboxMailSummary,
} from '@hostdeck/contracts';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { type Subscription, filter, firstValueFrom, tap } from 'rxjs';

import { errorMessage } from '../../../core/errors/api-error';
import { Toast } from '../../../core/errors/toast';
import { Confirmation } from '../../../shared/confirm-dialog/confirm-dialog';
import { PagedList } from '../data/paged-list';
import { StaffApi } from '../data/staff-api';
import { ListPager } from '../shared/list-pager';
import { ListStateView } from '../shared/list-state';
import { PageHeader } from '../shared/page-header';
import { SearchField } from '../shared/search-field';

export const MAIL_STATUS_LABELS: Record<MailStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  held: 'Held (no SMTP)',
  skipped: 'Skipped',
};

const PAGE_SIZE = 25;

/** Admin: every mail the panel wrote, its delivery state, its text, and resend. */
@Component({
  selector: 'app-outbox',
  imports: [
    PageHeader,
    ListStateView,
    SearchField,
    ListPager,
    DatePipe,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatProgressSpinnerModule,
    MatSelectModule,
  ],
  templateUrl: './outbox.html',
  styleUrls: ['../staff.scss', './outbox.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Outbox {
  private readonly api = inject(StaffApi);
  private readonly toast = inject(Toast);
  private readonly confirmation = inject(Confirmation);

  protected readonly list = new PagedList<OutboxMailSummary>(
    PAGE_SIZE,
    'The outbox could not be loaded.',
  );
  protected readonly statuses = MAIL_STATUSES;
  protected readonly labels = MAIL_STATUS_LABELS;
  protected readonly status = signal<MailStatus | 'all'>('all');
  protected readonly search = signal('');
  protected readonly mode = signal<'smtp' | 'outbox' | null>(null);
  protected readonly opened = signal<OutboxMailDetail | null>(null);
  protected readonly openState = signal<'idle' | 'loading' | 'error'>('idle');
  protected readonly openError = signal<string | null>(null);
  protected readonly resending = signal<number | null>(null);
  private openRequest: Subscription | null = null;

  constructor() {
    this.load(1);
    inject(DestroyRef).onDestroy(() => {
      this.list.destroy();
      this.openRequest?.unsubscribe();
    });
  }

  protected load(page = this.list.page()): void {
    const status = this.status();
    const search = this.search();
    this.list.load(page, (current) =>
      this.api
        .listOutbox({
          page: current,
          pageSize: PAGE_SIZE,
          status: status === 'all' ? undefined : status,
          search: search || undefined,
        })
        .pipe(tap((result) => this.mode.set(result.mode))),
    );
  }

  protected setStatus(status: MailStatus | 'all'): void {
    this.status.set(status);
    this.load(1);
  }

  protected setSearch(text: string): void {
    this.search.set(text.trim());
    this.load(1);
  }

  protected open(mail: OutboxMailSummary): void {
    this.openRequest?.unsubscribe();
    this.openState.set('loading');
    this.opened.set(null);
    this.openRequest = this.api.getOutboxMail(mail.id).subscribe({
      next: (detail) => {
        this.opened.set(detail);
        this.openState.set('idle');
      },
      error: (error: unknown) => {
        this.openError.set(errorMessage(error, 'The mail could not be loaded.'));
        this.openState.set('error');
      },
    });
  }

  protected close(): void {
    this.openRequest?.unsubscribe();
    this.opened.set(null);
    this.openState.set('idle');
  }

  protected resend(mail: OutboxMailSummary): void {
    this.confirmation
      .ask({
        title: 'Send this mail again?',
        message: `“${mail.subject}” to ${mail.to} goes out again from its first attempt.`,
        confirmLabel: 'Resend',
      })
      .pipe(filter((result) => result !== null))
      .subscribe(async () => {
        this.resending.set(mail.id);
        try {
          const updated = await firstValueFrom(this.api.resendMail(mail.id));
          this.list.replace((row) => row.id === mail.id, updated);
          this.toast.showInfo('The mail is queued again.');
        } catch (error: unknown) {
          this.toast.showError(errorMessage(error, 'The mail could not be resent.'));
        } finally {
          this.resending.set(null);
        }
      });
  }

  protected tone(status: MailStatus): 'good' | 'warn' | 'bad' | '' {
    if (status === 'sent') return 'good';
    if (status === 'failed') return 'bad';
    if (status === 'queued' || status === 'sending' || status === 'held') return 'warn';
    return '';
  }
}
