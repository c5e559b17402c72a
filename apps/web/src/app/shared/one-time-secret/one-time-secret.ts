import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

/**
 * A password or key the API returns once: shown in full with a copy button and a warning that
 * it cannot be shown again. The value lives only in the component that displays it.
 */
@Component({
  selector: 'app-one-time-secret',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <div class="secret" role="group" [attr.aria-label]="label()">
      <span class="label">{{ label() }}</span>
      <div class="value-row">
        <code class="value" [attr.data-testid]="testId()">{{ secret() }}</code>
        <button
          mat-stroked-button
          type="button"
          [attr.data-testid]="testId() + '-copy'"
          (click)="copySecret()"
        >
          <mat-icon svgIcon="copy" />
          {{ isCopied() ? 'Copied' : 'Copy' }}
        </button>
      </div>
      <p class="warning" role="note">
        <mat-icon svgIcon="warning" aria-hidden="true" />
        Save it now: it will not be shown again.
      </p>
    </div>
  `,
  styles: `
    .secret {
      display: flex;
      flex-direction: column;
      gap: 8px;
      padding: 16px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container-high);
    }
    .label {
      font: var(--mat-sys-label-large);
    }
    .value-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .value {
      flex: 1 1 16ch;
      padding: 8px 12px;
      overflow-wrap: anywhere;
      border-radius: 8px;
      background: var(--mat-sys-surface);
      font:
        500 1rem / 1.5 ui-monospace,
        SFMono-Regular,
        Menlo,
        Consolas,
        monospace;
      user-select: all;
    }
    .warning {
      display: flex;
      align-items: center;
      gap: 6px;
      margin: 0;
      color: light-dark(#6b4300, #ffd18a);
      font: var(--mat-sys-body-medium);
    }
    .warning mat-icon {
      width: 20px;
      height: 20px;
      flex: none;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OneTimeSecret {
  private readonly clipboard = inject(Clipboard);

  readonly secret = input.required<string>();
  readonly label = input('Root password');
  readonly testId = input('secret');

  protected readonly isCopied = signal(false);

  protected copySecret(): void {
    this.isCopied.set(this.clipboard.copy(this.secret()));
  }
}
