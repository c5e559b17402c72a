import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'app-not-found',
  imports: [MatButtonModule, RouterLink],
  template: `
    <section class="not-found">
      <p class="code">404</p>
      <h1 data-testid="page-heading">Page not found</h1>
      <p>The page you are looking for does not exist or has moved.</p>
      <a mat-flat-button routerLink="/">Back to my servers</a>
    </section>
  `,
  styles: `
    .not-found {
      display: flex;
      flex-direction: column;
      align-items: center;
      padding: 48px 16px;
      text-align: center;
    }
    .code {
      margin: 0;
      color: var(--mat-sys-primary);
      font: var(--mat-sys-display-medium);
    }
    h1 {
      margin: 8px 0;
      font: var(--mat-sys-headline-small);
    }
    p {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFound {}
