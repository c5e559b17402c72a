import type { UserView } from '@hostdeck/contracts';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { MoneyPipe } from '../../../shared/money/money-pipe';
import type { SaveResult } from '../data/users-store';

export interface BalanceDialogData {
  readonly user: UserView;
  /** Sends the adjustment; the dialog stays open with the API's messages when it fails. */
  readonly save: (amountMinor: number, reason: string) => Promise<SaveResult>;
}

/** "-12.50" → -1250; null when it is not a signed amount with at most two decimals. */
export function parseSignedAmount(text: string): number | null {
  const value = text.trim().replace(/[\s,]/g, '');
  const match = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) return null;
  const minor = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -minor : minor;
}

/** Admin: credit or debit a balance with a reason the customer sees in the ledger. */
@Component({
  selector: 'app-balance-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, MoneyPipe],
  template: `
    <h2 mat-dialog-title>Adjust balance</h2>
    <mat-dialog-content>
      <p class="who">
        {{ data.user.email }} · now <strong>{{ data.user.balanceMinor | money }}</strong>
      </p>
      <mat-form-field appearance="outline" class="field">
        <mat-label>Amount</mat-label>
        <input
          matInput
          inputmode="decimal"
          autocomplete="off"
          data-testid="balance-amount"
          [value]="amountText()"
          (input)="amountText.set($any($event.target).value)"
        />
        <mat-hint>Positive credits, negative (e.g. -5.00) debits</mat-hint>
      </mat-form-field>
      @if (amountProblem(); as problem) {
        <p class="error" role="alert" data-testid="balance-amount-error">{{ problem }}</p>
      }
      <mat-form-field appearance="outline" class="field">
        <mat-label>Reason (shown in the customer's ledger)</mat-label>
        <input
          matInput
          maxlength="200"
          autocomplete="off"
          data-testid="balance-reason"
          [value]="reason()"
          (input)="reason.set($any($event.target).value)"
        />
      </mat-form-field>
      @if (isSubmitted() && reason().trim() === '') {
        <p class="error" role="alert" data-testid="balance-reason-error">Give a reason.</p>
      }
      @for (message of serverMessages(); track message) {
        <p class="error" role="alert" data-testid="balance-server-error">{{ message }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false" [disabled]="isSaving()">
        Cancel
      </button>
      <button
        mat-flat-button
        type="button"
        data-testid="balance-save"
        [disabled]="isSaving()"
        (click)="save()"
      >
        {{ isSaving() ? 'Saving…' : 'Adjust balance' }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .who {
      margin-top: 0;
    }
    .field {
      width: 100%;
    }
    .error {
      margin: -8px 0 12px;
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BalanceDialog {
  protected readonly data = inject<BalanceDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<BalanceDialog, boolean>>(MatDialogRef);

  protected readonly amountText = signal('');
  protected readonly reason = signal('');
  protected readonly isSubmitted = signal(false);
  protected readonly isSaving = signal(false);
  protected readonly serverMessages = signal<string[]>([]);
  private readonly amountMinor = computed(() => parseSignedAmount(this.amountText()));
  protected readonly amountProblem = computed(() => {
    if (!this.isSubmitted()) return null;
    const amount = this.amountMinor();
    if (amount === null) return 'Enter an amount such as 25.00 or -5.00.';
    if (amount === 0) return 'The amount must not be zero.';
    if (Math.abs(amount) > 100_000_000) return 'At most 1,000,000.00 at once.';
    return null;
  });

  protected async save(): Promise<void> {
    this.isSubmitted.set(true);
    const amount = this.amountMinor();
    if (this.amountProblem() !== null || amount === null || this.reason().trim() === '') return;
    this.isSaving.set(true);
    this.serverMessages.set([]);
    const result = await this.data.save(amount, this.reason());
    this.isSaving.set(false);
    if (result.ok) this.dialogRef.close(true);
    else this.serverMessages.set(result.messages);
  }
}
