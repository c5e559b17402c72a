import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

/** A catalog row's Edit and Delete icon buttons: `<testId>-edit-<rowId>`, `<testId>-delete-<rowId>`. */
@Component({
  selector: 'app-catalog-row-actions',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <button
      mat-icon-button
      type="button"
      [attr.aria-label]="'Edit ' + name()"
      [attr.data-testid]="testId() + '-edit-' + rowId()"
      (click)="edit.emit()"
    >
      <mat-icon svgIcon="edit" />
    </button>
    <button
      mat-icon-button
      type="button"
      class="danger"
      [attr.aria-label]="'Delete ' + name()"
      [attr.data-testid]="testId() + '-delete-' + rowId()"
      (click)="remove.emit()"
    >
      <mat-icon svgIcon="delete" />
    </button>
  `,
  styles: `
    :host {
      display: contents;
    }
    .danger:not([disabled]) {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CatalogRowActions {
  readonly testId = input.required<string>();
  readonly rowId = input.required<number>();
  /** The row's name, in the buttons' accessible names. */
  readonly name = input.required<string>();
  readonly edit = output();
  readonly remove = output();
}
