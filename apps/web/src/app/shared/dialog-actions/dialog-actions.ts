import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';

/**
 * A dialog's Cancel (closes it with null) and confirm buttons, end-aligned. The buttons are
 * `<testId>-cancel` and `<testId>-ok`; the confirm button turns red for a danger action.
 */
@Component({
  selector: 'app-dialog-actions',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <mat-dialog-actions align="end">
      <button
        mat-button
        type="button"
        [attr.data-testid]="testId() + '-cancel'"
        [mat-dialog-close]="null"
      >
        Cancel
      </button>
      <button
        mat-flat-button
        type="button"
        [attr.data-testid]="testId() + '-ok'"
        [class.danger]="isDanger()"
        [disabled]="disabled()"
        (click)="confirmed.emit()"
      >
        {{ confirmLabel() }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    :host {
      display: contents;
    }
    .danger:not([disabled]) {
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DialogActions {
  readonly testId = input.required<string>();
  readonly confirmLabel = input.required<string>();
  readonly isDanger = input(false);
  readonly disabled = input(false);
  readonly confirmed = output();
}
