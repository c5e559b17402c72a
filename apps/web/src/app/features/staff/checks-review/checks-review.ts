import { CHECK_STATUSES, type CheckView } from '@hostdeck/contracts';
import { DatePipe, DOCUMENT } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DEFAULT_CURRENCY_CODE,
  LOCALE_ID,
  inject,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { filter } from 'rxjs';

import { Confirmation } from '../../../shared/confirm-dialog/confirm-dialog';
import { formatBytes } from '../../../shared/format/units';
import { MoneyPipe, formatMinorUnits } from '../../../shared/money/money-pipe';
import { Prompt } from '../../../shared/prompt-dialog/prompt-dialog';
import { CHECK_STATUS_LABELS } from '../../billing/data/billing-store';
import { type CheckFilter, ChecksReviewStore } from '../data/checks-review-store';

const FILTERS: readonly CheckFilter[] = [...CHECK_STATUSES, 'all'];
const FILTER_LABELS: Record<CheckFilter, string> = {
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
  all: 'All',
};

/** Staff: payment checks with a receipt preview, approved or rejected (each confirmed). */
@Component({
  selector: 'app-checks-review',
  imports: [
    DatePipe,
    MatButtonModule,
    MatButtonToggleModule,
    MatCardModule,
    MatIconModule,
    MatPaginatorModule,
    MatProgressSpinnerModule,
    MoneyPipe,
  ],
  providers: [ChecksReviewStore],
  templateUrl: './checks-review.html',
  styleUrls: ['../staff.scss', './checks-review.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChecksReview {
  protected readonly store = inject(ChecksReviewStore);
  private readonly confirmation = inject(Confirmation);
  private readonly prompt = inject(Prompt);
  private readonly document = inject(DOCUMENT);
  private readonly locale = inject(LOCALE_ID);
  private readonly currency = inject(DEFAULT_CURRENCY_CODE);

  protected readonly filters = FILTERS;
  protected readonly filterLabels = FILTER_LABELS;
  protected readonly statusLabels = CHECK_STATUS_LABELS;
  protected readonly formatBytes = formatBytes;

  constructor() {
    this.store.load(1);
  }

  protected changePage(event: PageEvent): void {
    this.store.load(event.pageIndex + 1);
  }

  protected approve(check: CheckView): void {
    const amount = formatMinorUnits(check.amountMinor, this.currency, this.locale);
    this.confirmation
      .ask({
        title: `Approve check #${check.id}?`,
        message: `${amount} will be credited to user #${check.userId} at once and the customer is told by mail. This cannot be undone.`,
        confirmLabel: `Approve ${amount}`,
      })
      .pipe(filter((result) => result !== null))
      .subscribe(() => void this.store.approve(check));
  }

  protected reject(check: CheckView): void {
    this.prompt
      .ask({
        title: `Reject check #${check.id}?`,
        message: 'The customer sees this reason in the panel and in the mail.',
        label: 'Reason',
        confirmLabel: 'Reject check',
        maxLength: 500,
        isDanger: true,
      })
      .pipe(filter((reason): reason is string => reason !== null))
      .subscribe((reason) => void this.store.reject(check, reason));
  }

  /** Opens the fetched PDF (or image) in a new tab from its object URL. */
  protected openFile(url: string): void {
    const link = this.document.createElement('a');
    link.href = url;
    link.target = '_blank';
    link.rel = 'noopener';
    link.click();
  }
}
