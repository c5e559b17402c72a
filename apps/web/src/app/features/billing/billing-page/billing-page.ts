import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';

import { MoneyPipe } from '../../../shared/money/money-pipe';
import { CheckUpload } from '../check-upload/check-upload';
import { BillingStore, CHECK_STATUS_LABELS, TRANSACTION_LABELS } from '../data/billing-store';

/**
 * Billing: balance, daily burn, days covered, top-ups by receipt with their review status, and
 * the ledger. Figures refresh live when staff approve a check (a billing notification).
 */
@Component({
  selector: 'app-billing-page',
  imports: [
    CheckUpload,
    DatePipe,
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatPaginatorModule,
    MatProgressSpinnerModule,
    MoneyPipe,
  ],
  providers: [BillingStore],
  templateUrl: './billing-page.html',
  styleUrl: './billing-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BillingPage {
  protected readonly store = inject(BillingStore);
  protected readonly labels = TRANSACTION_LABELS;
  protected readonly checkLabels = CHECK_STATUS_LABELS;

  constructor() {
    this.store.load();
  }

  protected changePage(event: PageEvent): void {
    this.store.loadPage(event.pageIndex + 1);
  }
}
