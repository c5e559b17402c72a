import type { CheckStatus, CheckView, StaffCheckView } from '@hostdeck/contracts';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { type Observable, type Subscription, firstValueFrom } from 'rxjs';

import { errorMessage } from '../../../core/errors/api-error';
import { Toast } from '../../../core/errors/toast';
import { PagedList } from './paged-list';
import { StaffApi } from './staff-api';

export type CheckFilter = CheckStatus | 'all';

export const CHECKS_PAGE_SIZE = 25;

export interface ReceiptPreview {
  readonly checkId: number;
  readonly state: 'loading' | 'ready' | 'error';
  /** An object URL of the fetched file (images are shown, PDFs offered to open). */
  readonly url: string | null;
  readonly mime: string;
  readonly error: string | null;
}

/**
 * Checks review: the list by status (pending first), the receipt fetched with the bearer token
 * for preview, and approve / reject, each of which takes the row out of the pending list.
 */
@Injectable()
export class ChecksReviewStore {
  private readonly api = inject(StaffApi);
  private readonly toast = inject(Toast);

  readonly list = new PagedList<StaffCheckView>(CHECKS_PAGE_SIZE, 'The checks could not be loaded.');
  private readonly filterSignal = signal<CheckFilter>('pending');
  private readonly busy = signal<ReadonlySet<number>>(new Set());
  private readonly previewSignal = signal<ReceiptPreview | null>(null);
  private previewRequest: Subscription | null = null;

  readonly filter = this.filterSignal.asReadonly();
  readonly preview = this.previewSignal.asReadonly();
  readonly isBusy = computed(() => {
    const ids = this.busy();
    return (id: number) => ids.has(id);
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.list.destroy();
      this.closePreview();
    });
  }

  setFilter(filter: CheckFilter): void {
    this.filterSignal.set(filter);
    this.load(1);
  }

  load(page = this.list.page()): void {
    const filter = this.filterSignal();
    this.list.load(page, (current) =>
      this.api.listChecks({
        status: filter === 'all' ? undefined : filter,
        page: current,
        pageSize: CHECKS_PAGE_SIZE,
      }),
    );
  }

  openPreview(check: CheckView): void {
    this.closePreview();
    this.previewSignal.set({
      checkId: check.id,
      state: 'loading',
      url: null,
      mime: check.fileMime,
      error: null,
    });
    this.previewRequest = this.api.receipt(check.id).subscribe({
      next: (blob) => {
        const file = blob.type ? blob : new Blob([blob], { type: check.fileMime });
        this.previewSignal.set({
          checkId: check.id,
          state: 'ready',
          url: URL.createObjectURL(file),
          mime: file.type || check.fileMime,
          error: null,
        });
      },
      error: (error: unknown) =>
        this.previewSignal.set({
          checkId: check.id,
          state: 'error',
          url: null,
          mime: check.fileMime,
          error: errorMessage(error, 'The receipt could not be loaded.'),
        }),
    });
  }

  closePreview(): void {
    this.previewRequest?.unsubscribe();
    this.previewRequest = null;
    const url = this.previewSignal()?.url;
    if (url) URL.revokeObjectURL(url);
    this.previewSignal.set(null);
  }

  /** Resolves true when approved; `amountMinor` corrects the amount the customer gave. */
  approve(check: StaffCheckView, amountMinor?: number): Promise<boolean> {
    return this.review(
      check,
      this.api.approveCheck(check.id, amountMinor),
      'The check could not be approved.',
      'Check approved; the balance was credited.',
    );
  }

  reject(check: StaffCheckView, reason: string): Promise<boolean> {
    return this.review(
      check,
      this.api.rejectCheck(check.id, reason.trim()),
      'The check could not be rejected.',
      'Check rejected; the customer was told why.',
    );
  }

  private async review(
    check: StaffCheckView,
    call: Observable<CheckView>,
    failureText: string,
    successText: string,
  ): Promise<boolean> {
    this.busy.update((ids) => new Set([...ids, check.id]));
    try {
      const reviewed = await firstValueFrom(call);
      const filter = this.filterSignal();
      if (filter !== 'all' && reviewed.status !== filter) {
        this.list.remove((row) => row.id === check.id);
      } else {
        // The review answer is a plain check: keep the row's customer email.
        this.list.replace((row) => row.id === check.id, { ...check, ...reviewed });
      }
      if (this.previewSignal()?.checkId === check.id) this.closePreview();
      this.toast.showInfo(successText);
      return true;
    } catch (error: unknown) {
      this.toast.showError(errorMessage(error, failureText));
      // Someone else may have reviewed it first (409): show the current state.
      this.load();
      return false;
    } finally {
      this.busy.update((ids) => new Set([...ids].filter((id) => id !== check.id)));
    }
  }
}
