import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { clampPercent } from '../format/units';

/** Above this share a bar turns amber, above the next red (the API alerts at 90 %). */
const WARNING_PERCENT = 75;
const DANGER_PERCENT = 90;

/** A thin labelled usage bar ("CPU 42 %"); shows "—" when the figure is unknown. */
@Component({
  selector: 'app-usage-bar',
  template: `
    <div class="row">
      <span class="label">{{ label() }}</span>
      @if (showValue()) {
        <span class="value">{{ text() }}</span>
      }
    </div>
    <!-- A meter needs a value: an unknown figure is an image labelled "unknown" instead. -->
    <div
      class="track"
      [attr.role]="rounded() === null ? 'img' : 'meter'"
      [attr.aria-valuemin]="rounded() === null ? null : 0"
      [attr.aria-valuemax]="rounded() === null ? null : 100"
      [attr.aria-label]="rounded() === null ? label() + ': unknown' : label()"
      [attr.aria-valuenow]="rounded()"
      [attr.aria-valuetext]="rounded() === null ? null : text()"
    >
      <div
        class="fill"
        [style.width.%]="percent() ?? 0"
        [class.warning]="level() === 'warning'"
        [class.danger]="level() === 'danger'"
      ></div>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .row {
      display: flex;
      justify-content: space-between;
      gap: 8px;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .value {
      font-variant-numeric: tabular-nums;
    }
    .track {
      height: 6px;
      margin-top: 4px;
      overflow: hidden;
      border-radius: 3px;
      background: var(--mat-sys-surface-container-highest);
    }
    .fill {
      height: 100%;
      border-radius: 3px;
      background: var(--mat-sys-primary);
      transition: width 0.3s ease;
    }
    .fill.warning {
      background: light-dark(#b26a00, #ffb74d);
    }
    .fill.danger {
      background: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsageBar {
  readonly label = input.required<string>();
  /** 0–100, or null when unknown. */
  readonly value = input<number | null>(null);
  /** Extra text after the percentage, e.g. "1.2 GB of 2 GB". */
  readonly detail = input('');
  /** Off when the percentage is already printed next to the bar. */
  readonly showValue = input(true);

  protected readonly percent = computed(() => clampPercent(this.value()));
  protected readonly rounded = computed(() => {
    const percent = this.percent();
    return percent === null ? null : Math.round(percent);
  });
  protected readonly text = computed(() => {
    const rounded = this.rounded();
    if (rounded === null) return '—';
    const detail = this.detail();
    return detail ? `${rounded} % · ${detail}` : `${rounded} %`;
  });
  protected readonly level = computed(() => {
    const percent = this.percent() ?? 0;
    if (percent >= DANGER_PERCENT) return 'danger';
    if (percent >= WARNING_PERCENT) return 'warning';
    return 'normal';
  });
}
