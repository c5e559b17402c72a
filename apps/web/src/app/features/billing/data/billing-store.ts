import type {
  BalanceView,
  CheckStatus,
  CheckView,
  TransactionType,
  TransactionView,
} from '@hostdeck/contracts';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import type { Subscription } from 'rxjs';

import { errorMessage } from '../../../core/errors/api-error';
import { SocketClient } from '../../../core/realtime/socket-client';
import { BillingApi } from './billing-api';

export type LoadState = 'loading' | 'ready' | 'error';

export const LEDGER_PAGE_SIZE = 20;

/** One sentence on how long the balance lasts, from GET /api/billing/balance. */
export function daysCoveredText(balance: BalanceView): string {
  const days = balance.daysCovered;
  if (days === null || balance.dailyBurnMinor <= 0) return 'No servers are being charged';
  if (days <= 0) return 'Does not cover the next day · top up to keep your servers running';
  return `Covers ${days} ${days === 1 ? 'day' : 'days'}`;
}

/** Low when it runs out within a few days, so the page can warn. */
export function isBalanceLow(balance: BalanceView): boolean {
  return balance.daysCovered !== null && balance.daysCovered < 3;
}

export const TRANSACTION_LABELS: Record<TransactionType, string> = {
  topup: 'Top-up',
  charge: 'Charge',
  refund: 'Refund',
  adjustment: 'Adjustment',
};

export const CHECK_STATUS_LABELS: Record<CheckStatus, string> = {
  pending: 'Waiting for review',
  approved: 'Approved',
  rejected: 'Rejected',
};

/** The billing page: balance with its burn rate, and the ledger one page at a time. */
@Injectable()
export class BillingStore {
  private readonly api = inject(BillingApi);

  private readonly currentBalance = signal<BalanceView | null>(null);
  private readonly balanceStateSignal = signal<LoadState>('loading');
  private readonly balanceFailure = signal<string | null>(null);
  private readonly rows = signal<TransactionView[]>([]);
  private readonly totalRows = signal(0);
  private readonly currentPage = signal(1);
  private readonly ledgerStateSignal = signal<LoadState>('loading');
  private readonly ledgerFailure = signal<string | null>(null);
  private readonly checkRows = signal<CheckView[]>([]);
  private readonly checksStateSignal = signal<LoadState>('loading');
  private readonly checksFailure = signal<string | null>(null);
  private requests: Subscription[] = [];
  private ledgerRequest: Subscription | null = null;
  private checksRequest: Subscription | null = null;

  readonly balance = this.currentBalance.asReadonly();
  readonly balanceState = this.balanceStateSignal.asReadonly();
  readonly balanceError = this.balanceFailure.asReadonly();
  readonly daysText = computed(() => {
    const balance = this.currentBalance();
    return balance ? daysCoveredText(balance) : '';
  });
  readonly isLow = computed(() => {
    const balance = this.currentBalance();
    return balance !== null && isBalanceLow(balance);
  });
  readonly transactions = this.rows.asReadonly();
  readonly total = this.totalRows.asReadonly();
  readonly page = this.currentPage.asReadonly();
  readonly pageSize = LEDGER_PAGE_SIZE;
  readonly ledgerState = this.ledgerStateSignal.asReadonly();
  readonly ledgerError = this.ledgerFailure.asReadonly();
  readonly isLedgerEmpty = computed(
    () => this.ledgerStateSignal() === 'ready' && this.totalRows() === 0,
  );

  readonly checks = this.checkRows.asReadonly();
  readonly checksState = this.checksStateSignal.asReadonly();
  readonly checksError = this.checksFailure.asReadonly();
  readonly isChecksEmpty = computed(
    () => this.checksStateSignal() === 'ready' && this.checkRows().length === 0,
  );
  readonly pendingChecks = computed(
    () => this.checkRows().filter((check) => check.status === 'pending').length,
  );

  constructor() {
    // Staff approving or rejecting a check (or any credit) arrives as a billing notification:
    // refresh the figures in place, without a reload.
    const stopListening = inject(SocketClient).on('notification', (event) => {
      if (event.kind === 'billing') this.refresh();
    });
    inject(DestroyRef).onDestroy(() => {
      stopListening();
      for (const request of this.requests) request.unsubscribe();
      this.ledgerRequest?.unsubscribe();
      this.checksRequest?.unsubscribe();
    });
  }

  load(): void {
    this.loadBalance();
    this.loadPage(this.currentPage());
    this.loadChecks();
  }

  /** Reloads everything without showing spinners over figures already on screen. */
  refresh(): void {
    this.loadBalance(true);
    this.loadPage(this.currentPage(), true);
    this.loadChecks(true);
  }

  loadChecks(isQuiet = false): void {
    if (!isQuiet || this.checksStateSignal() !== 'ready') this.checksStateSignal.set('loading');
    this.checksRequest?.unsubscribe();
    this.checksRequest = this.api.myChecks().subscribe({
      next: (checks) => {
        this.checkRows.set(checks);
        this.checksStateSignal.set('ready');
      },
      error: (error: unknown) => {
        this.checksFailure.set(errorMessage(error, 'Your payment checks could not be loaded.'));
        this.checksStateSignal.set('error');
      },
    });
  }

  /** A check the customer just uploaded: on top of the list. */
  addCheck(check: CheckView): void {
    this.checkRows.update((checks) => [check, ...checks.filter((row) => row.id !== check.id)]);
    this.checksStateSignal.set('ready');
  }

  loadBalance(isQuiet = false): void {
    if (!isQuiet || this.currentBalance() === null) this.balanceStateSignal.set('loading');
    this.requests.push(
      this.api.balance().subscribe({
        next: (balance) => {
          this.currentBalance.set(balance);
          this.balanceStateSignal.set('ready');
        },
        error: (error: unknown) => {
          this.balanceFailure.set(errorMessage(error, 'Your balance could not be loaded.'));
          this.balanceStateSignal.set('error');
        },
      }),
    );
  }

  /** 1-based page of the ledger. */
  loadPage(page: number, isQuiet = false): void {
    this.currentPage.set(page);
    if (!isQuiet || this.ledgerStateSignal() !== 'ready') this.ledgerStateSignal.set('loading');
    this.ledgerRequest?.unsubscribe();
    this.ledgerRequest = this.api.transactions(page, LEDGER_PAGE_SIZE).subscribe({
      next: (result) => {
        this.rows.set(result.items);
        this.totalRows.set(result.total);
        this.ledgerStateSignal.set('ready');
      },
      error: (error: unknown) => {
        this.ledgerFailure.set(errorMessage(error, 'Your transactions could not be loaded.'));
        this.ledgerStateSignal.set('error');
      },
    });
  }
}
