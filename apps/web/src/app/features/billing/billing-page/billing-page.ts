import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';

import { MoneyPipe } from '../../../shared/money/money-pipe';
import { BillingStore, TRANSACTION_LABELS } from '../data/billing-store';

/** Billing: balance, daily burn, days covered, the ledger, and (soon) top-ups by receipt. */
@Component({
  selector: 'app-billing-page',
  imports: [
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

  constructor() {
    this.store.load();
  }

  protected changePage(event: PageEvent): void {
    this.store.loadPage(event.pageIndex + 1);
  }
}
