import type { ServerStatus } from '@hostdeck/contracts';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { serverStatusLook } from './server-status';

/** A coloured pill with a server's status ("Running", "Stopped", …). */
@Component({
  selector: 'app-status-badge',
  template: `
    <span
      data-testid="server-status"
      [class]="'badge tone-' + look().tone"
      [attr.data-status]="status()"
      [attr.title]="look().description"
    >
      <span class="dot" aria-hidden="true"></span>
      {{ look().label }}
    </span>
  `,
  styles: `
    :host {
      display: inline-flex;
    }
    .badge {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
    }
    .dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: currentColor;
    }
    .tone-success {
      background: light-dark(#c8f0d0, #0f3d1c);
      color: light-dark(#0b5a24, #a6e8b5);
    }
    .tone-neutral {
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
    }
    .tone-progress {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .tone-progress .dot {
      animation: pulse 1.2s ease-in-out infinite;
    }
    .tone-warning {
      background: light-dark(#ffe2b3, #4a3200);
      color: light-dark(#6b4300, #ffd18a);
    }
    .tone-danger {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    @keyframes pulse {
      50% {
        opacity: 0.3;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .tone-progress .dot {
        animation: none;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusBadge {
  readonly status = input.required<ServerStatus>();
  protected readonly look = computed(() => serverStatusLook(this.status()));
}
