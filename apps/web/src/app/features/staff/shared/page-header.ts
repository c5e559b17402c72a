import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

/**
 * The top of a staff screen: its heading, a lead line (projected with the `lead` attribute), an
 * optional Refresh button and any other actions (projected as they are).
 */
@Component({
  selector: 'app-page-header',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <div>
      <h1 data-testid="page-heading">{{ heading() }}</h1>
      <ng-content select="[lead]" />
    </div>
    @if (refreshTestId(); as testId) {
      <button mat-stroked-button type="button" [attr.data-testid]="testId" (click)="refresh.emit()">
        <mat-icon svgIcon="refresh" aria-hidden="true" />
        Refresh
      </button>
    }
    <ng-content />
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 12px 16px;
      margin-bottom: 16px;
    }

    h1 {
      margin: 0;
      font: var(--mat-sys-headline-medium);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PageHeader {
  readonly heading = input.required<string>();
  /** Shows a Refresh button with this test id. */
  readonly refreshTestId = input<string>();
  readonly refresh = output<void>();
}
