import {
  ChangeDetectionStrategy,
  Component,
  Injectable,
  computed,
  inject,
  signal,
} from '@angular/core';
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

export interface PromptDialogData {
  readonly title: string;
  readonly message: string;
  readonly label: string;
  readonly confirmLabel: string;
  readonly maxLength: number;
  readonly initialValue?: string;
  /** Red confirm button, for actions a customer will not like (a rejection). */
  readonly isDanger?: boolean;
}

/** "Why?": one required line of text (e.g. a rejection reason), confirmed or cancelled. */
@Component({
  selector: 'app-prompt-dialog',
  imports: [DialogActions, MatDialogModule, MatFormFieldModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p class="message">{{ data.message }}</p>
      <mat-form-field appearance="outline" class="field">
        <mat-label>{{ data.label }}</mat-label>
        <textarea
          matInput
          rows="3"
          data-testid="prompt-input"
          [attr.maxlength]="data.maxLength"
          [value]="text()"
          (input)="text.set($any($event.target).value)"
        ></textarea>
        <mat-hint align="end">{{ text().length }} / {{ data.maxLength }}</mat-hint>
      </mat-form-field>
    </mat-dialog-content>
    <app-dialog-actions
      testId="prompt"
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
    .field {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PromptDialog {
  protected readonly data = inject<PromptDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<PromptDialog, string | null>>(MatDialogRef);

  protected readonly text = signal(this.data.initialValue ?? '');
  protected readonly canConfirm = computed(() => {
    const value = this.text().trim();
    return value !== '' && value.length <= this.data.maxLength;
  });

  protected confirm(): void {
    if (this.canConfirm()) this.dialogRef.close(this.text().trim());
  }
}

/** Opens the prompt; emits the trimmed text once, or null when the user backs out. */
@Injectable({ providedIn: 'root' })
export class Prompt {
  private readonly dialog = inject(MatDialog);

  ask(data: PromptDialogData): Observable<string | null> {
    return this.dialog
      .open<PromptDialog, PromptDialogData, string | null>(PromptDialog, {
        data,
        width: '480px',
        maxWidth: 'calc(100vw - 32px)',
        autoFocus: 'first-tabbable',
      })
      .afterClosed()
      .pipe(map((result) => result ?? null));
  }
}
