import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';

/** A page whose feature is not built yet. Heading and description come from route data. */
@Component({
  selector: 'app-coming-soon',
  imports: [MatCardModule],
  template: `
    <h1 data-testid="page-heading">{{ heading() }}</h1>
    <mat-card appearance="outlined">
      <mat-card-content>
        <p>{{ description() }}</p>
        <p class="muted">This section is coming soon.</p>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    h1 {
      margin: 0 0 24px;
      font: var(--mat-sys-headline-medium);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ComingSoon {
  readonly heading = input.required<string>();
  readonly description = input('');
}
