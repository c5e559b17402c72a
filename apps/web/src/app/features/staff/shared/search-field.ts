import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';

/**
 * The wide search box of a staff screen's filter bar (`.filters`): a magnifier, a label and a
 * search input. `valueInput` fires on each keystroke, `valueChange` when the value is committed.
 */
@Component({
  selector: 'app-search-field',
  imports: [MatFormFieldModule, MatIconModule, MatInputModule],
  template: `
    <mat-form-field appearance="outline" class="search" subscriptSizing="dynamic">
      <mat-label>{{ label() }}</mat-label>
      <mat-icon matPrefix svgIcon="search" aria-hidden="true" />
      <input
        matInput
        type="search"
        [attr.data-testid]="testId()"
        [value]="value()"
        (input)="valueInput.emit($any($event.target).value)"
        (change)="valueChange.emit($any($event.target).value)"
      />
    </mat-form-field>
  `,
  styles: `
    :host {
      display: contents;
    }
    .search {
      flex: 2 1 220px;
      max-width: 360px;
    }
    @media (max-width: 599.98px) {
      .search {
        max-width: none;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SearchField {
  readonly label = input.required<string>();
  readonly testId = input.required<string>();
  readonly value = input.required<string>();
  readonly valueInput = output<string>();
  readonly valueChange = output<string>();
}
