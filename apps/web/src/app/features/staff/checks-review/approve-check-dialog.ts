import type { StaffCheckView } from '@hostdeck/contracts';
import {
  ChangeDetectionStrategy,
  Component,
  DEFAULT_CURRENCY_CODE,
  LOCALE_ID,
  computed,
  inject,
  signal,
} from '@angular/core';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { DialogActions } from '../../../shared/dialog-actions/dialog-actions';
import { MoneyPipe, formatMinorUnits } from '../../../shared/money/money-pipe';
import { parseAmount } from '../../billing/data/receipt-rules';

export interface ApproveCheckDialogData {
  readonly check: StaffCheckView;
}

/** The approval: `amountMinor` is set only when staff corrected the customer's amount. */
export interface ApproveCheckResult {
  readonly amountMinor?: number;
}

/** Minor units as the plain text of the amount field ("2500" → "25.00"). */
export function amountText(amountMinor: number): string {
  return (amountMinor / 100).toFixed(2);
}

/** The customer for a reviewer: the email, or the id when the account is gone. */
export function customerLabel(check: Pick<StaffCheckView, 'userEmail' | 'userId'>): string {
  return check.userEmail ?? `User #${check.userId}`;
}

/**
 * Approve a payment check: the amount the customer gave, or a corrected one when the receipt
 * shows a different sum. The confirm button names the amount that will be credited.
 */
@Component({
  selector: 'app-approve-check-dialog',
  imports: [DialogActions, MatDialogModule, MatFormFieldModule, MatInputModule, MoneyPipe],
  template: `
    <h2 mat-dialog-title>Approve check #{{ data.check.id }}?</h2>
    <mat-dialog-content>
      <p class="message">
        {{ customer }} says they paid <strong>{{ data.check.amountMinor | money }}</strong>. The
        amount below is credited at once and the customer is told by mail. This cannot be undone.
      </p>
      <mat-form-field appearance="outline" class="field">
        <mat-label>Amount to credit</mat-label>
        <input
          matInput
          inputmode="decimal"
          autocomplete="off"
          data-testid="approve-amount"
          [value]="text()"
          (input)="text.set($any($event.target).value)"
          (keydown.enter)="approve()"
        />
        <mat-hint>Correct it if the receipt shows a different sum.</mat-hint>
      </mat-form-field>
      @if (problem(); as problem) {
        <p class="error" role="alert" data-testid="approve-amount-error">{{ problem }}</p>
      }
    </mat-dialog-content>
    <app-dialog-actions
      testId="approve"
      [confirmLabel]="confirmLabel()"
      [disabled]="problem() !== null"
      (confirmed)="approve()"
    />
  `,
  styles: `
    .message {
      margin-top: 0;
    }
    .field {
      width: 100%;
    }
    .error {
      margin: 4px 0 0;
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApproveCheckDialog {
  protected readonly data = inject<ApproveCheckDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<ApproveCheckDialog, ApproveCheckResult | null>>(MatDialogRef);
  private readonly locale = inject(LOCALE_ID);
  private readonly currency = inject(DEFAULT_CURRENCY_CODE);

  protected readonly customer = customerLabel(this.data.check);
  protected readonly text = signal(amountText(this.data.check.amountMinor));
  private readonly parsed = computed(() => parseAmount(this.text()));
  protected readonly problem = computed(() => {
    const parsed = this.parsed();
    if (!('problem' in parsed)) return null;
    return this.text().trim() === '' ? 'Enter the amount to credit.' : parsed.problem;
  });
  protected readonly confirmLabel = computed(() => {
    const parsed = this.parsed();
    return 'amountMinor' in parsed
      ? `Approve ${formatMinorUnits(parsed.amountMinor, this.currency, this.locale)}`
      : 'Approve';
  });

  protected approve(): void {
    const parsed = this.parsed();
    if (!('amountMinor' in parsed)) return;
    this.dialogRef.close(
      parsed.amountMinor === this.data.check.amountMinor ? {} : { amountMinor: parsed.amountMinor },
    );
  }
}
