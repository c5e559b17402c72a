import {
  ChangeDetectionStrategy,
  Component,
  Injectable,
  computed,
  inject,
  signal,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import {
  MAT_DIALOG_DATA,
  MatDialog,
  MatDialogModule,
  MatDialogRef,
} from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { type Observable, map } from 'rxjs';

import { DialogActions } from '../dialog-actions/dialog-actions';

export interface ConfirmDialogData {
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  /** Red confirm button, for actions that destroy something. */
  readonly isDanger?: boolean;
  /** The user must type this exact text (e.g. the hostname) before confirming. */
  readonly typedConfirmation?: string;
  /** An extra checkbox, e.g. "Force stop"; its state is returned. */
  readonly option?: { readonly label: string; readonly hint?: string };
}

export interface ConfirmDialogResult {
  /** Whether the extra checkbox was ticked (false without one). */
  readonly option: boolean;
}

/** "Are you sure?" with an optional typed confirmation and an optional extra checkbox. */
@Component({
  selector: 'app-confirm-dialog',
  imports: [
    DialogActions,
    FormsModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
  ],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p class="message">{{ data.message }}</p>
      @if (data.option; as option) {
        <mat-checkbox [(ngModel)]="isOptionChecked" data-testid="confirm-option">
          {{ option.label }}
        </mat-checkbox>
        @if (option.hint) {
          <p class="hint">{{ option.hint }}</p>
        }
      }
      @if (data.typedConfirmation; as expected) {
        <p class="typed-prompt">
          Type <strong class="expected">{{ expected }}</strong> to confirm.
        </p>
        <mat-form-field appearance="outline" class="typed-field">
          <mat-label>Confirmation</mat-label>
          <input
            matInput
            autocomplete="off"
            spellcheck="false"
            data-testid="confirm-input"
            [(ngModel)]="typed"
          />
        </mat-form-field>
      }
    </mat-dialog-content>
    <app-dialog-actions
      testId="confirm"
      [confirmLabel]="data.confirmLabel"
      [isDanger]="data.isDanger ?? false"
      [disabled]="!canConfirm()"
      (confirmed)="confirm()"
    />
  `,
  styles: `
    .message {
      margin-top: 0;
      white-space: pre-line;
    }
    .hint,
    .typed-prompt {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
    .hint {
      margin: 0 0 0 40px;
    }
    .expected {
      color: var(--mat-sys-on-surface);
      font-family: ui-monospace, monospace;
      user-select: all;
    }
    .typed-field {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmDialog {
  protected readonly data = inject<ConfirmDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<ConfirmDialog, ConfirmDialogResult | null>>(MatDialogRef);

  protected readonly typed = signal('');
  protected readonly isOptionChecked = signal(false);
  protected readonly canConfirm = computed(() => {
    const expected = this.data.typedConfirmation;
    return expected === undefined || this.typed().trim() === expected;
  });

  protected confirm(): void {
    if (!this.canConfirm()) return;
    this.dialogRef.close({ option: this.isOptionChecked() });
  }
}

/** Opens the confirm dialog; emits the result once, or null when the user backs out. */
@Injectable({ providedIn: 'root' })
export class Confirmation {
  private readonly dialog = inject(MatDialog);

  ask(data: ConfirmDialogData): Observable<ConfirmDialogResult | null> {
    return this.dialog
      .open<ConfirmDialog, ConfirmDialogData, ConfirmDialogResult | null>(ConfirmDialog, {
        data,
        width: '440px',
        maxWidth: 'calc(100vw - 32px)',
        autoFocus: data.typedConfirmation ? 'first-tabbable' : 'dialog',
      })
      .afterClosed()
      .pipe(map((result) => result ?? null));
  }
}
