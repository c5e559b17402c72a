import { CHECK_STATUSES, type StaffCheckView } from '@hostdeck/contracts';
import { DatePipe, DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { filter } from 'rxjs';

import { formatBytes } from '../../../shared/format/units';
import { MoneyPipe } from '../../../shared/money/money-pipe';
import { Prompt } from '../../../shared/prompt-dialog/prompt-dialog';
import { CHECK_STATUS_LABELS } from '../../billing/data/billing-store';
import { type CheckFilter, ChecksReviewStore } from '../data/checks-review-store';
import { ListPager } from '../shared/list-pager';
import { ListStateView } from '../shared/list-state';
import { PageHeader } from '../shared/page-header';
import {
  ApproveCheckDialog,
  type ApproveCheckDialogData,
  type ApproveCheckResult,
  customerLabel,
} from './approve-check-dialog';

const FILTERS: readonly CheckFilter[] = [...CHECK_STATUSES, 'all'];
const FILTER_LABELS: Record<CheckFilter, string> = {
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
  all: 'All',
};

/**
 * Staff: payment checks with the customer's email and a receipt preview, approved (with the
 * amount given or a corrected one) or rejected with a reason, each confirmed.
 */
@Component({
  selector: 'app-checks-review',
  imports: [
    PageHeader,
    ListStateView,
    ListPager,
    DatePipe,
    MatButtonModule,
    MatButtonToggleModule,
    MatCardModule,
    MatIconModule,
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
  private readonly dialog = inject(MatDialog);
  private readonly prompt = inject(Prompt);
  private readonly document = inject(DOCUMENT);

  protected readonly filters = FILTERS;
  protected readonly filterLabels = FILTER_LABELS;
  protected readonly statusLabels = CHECK_STATUS_LABELS;
  protected readonly formatBytes = formatBytes;
  protected readonly customerLabel = customerLabel;

  constructor() {
    this.store.load(1);
  }

  /** Approve, with the customer's amount or a corrected one, after a confirmation dialog. */
  protected approve(check: StaffCheckView): void {
    this.dialog
      .open<ApproveCheckDialog, ApproveCheckDialogData, ApproveCheckResult | null>(
        ApproveCheckDialog,
        { data: { check }, width: '440px', maxWidth: 'calc(100vw - 32px)' },
      )
      .afterClosed()
      .pipe(filter((result): result is ApproveCheckResult => !!result))
      .subscribe((result) => void this.store.approve(check, result.amountMinor));
  }

  protected reject(check: StaffCheckView): void {
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
