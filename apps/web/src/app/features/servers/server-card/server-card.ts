import type { ServerView } from '@hostdeck/contracts';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';

import { MoneyPipe } from '../../../shared/money/money-pipe';
import { formatMemoryMb, percentOf } from '../../../shared/format/units';
import { OPERATION_LABELS } from '../../../shared/status-badge/server-status';
import { StatusBadge } from '../../../shared/status-badge/status-badge';
import { UsageBar } from '../../../shared/usage-bar/usage-bar';

/** One server on the dashboard: what it is, its status and its last CPU / RAM figures. */
@Component({
  selector: 'app-server-card',
  imports: [MatCardModule, MatProgressBarModule, MoneyPipe, RouterLink, StatusBadge, UsageBar],
  template: `
    @let current = server();
    <a
      class="card-link"
      [routerLink]="['/servers', current.id]"
      [attr.data-testid]="'server-card-' + current.id"
      [attr.aria-label]="current.hostname + ', ' + current.status"
    >
      <mat-card appearance="outlined" class="card">
        <div class="top">
          <span class="hostname">{{ current.hostname }}</span>
          <app-status-badge [status]="current.status" />
        </div>
        <div class="ip" data-testid="server-ip">{{ current.ipAddress ?? 'No IP address yet' }}</div>
        <div class="plan">
          <span>{{ current.tariffName }}</span>
          <span aria-hidden="true">·</span>
          <span>{{ current.osName }}</span>
        </div>
        <div class="resources">
          {{ current.cores }} {{ current.cores === 1 ? 'core' : 'cores' }} · {{ memory() }} RAM ·
          {{ current.diskGb }} GB disk
        </div>
        @if (progress(); as label) {
          <div class="progress" role="status">
            <span>{{ label }}…</span>
            <mat-progress-bar mode="indeterminate" />
          </div>
        } @else {
          <div class="usage">
            <app-usage-bar label="CPU" [value]="cpu()" />
            <app-usage-bar label="RAM" [value]="memoryPercent()" />
          </div>
        }
        <div class="price">{{ current.priceMonthlyMinor | money }} / month</div>
      </mat-card>
    </a>
  `,
  styles: `
    :host {
      display: block;
    }
    .card-link {
      display: block;
      height: 100%;
      color: inherit;
      text-decoration: none;
      border-radius: 12px;
    }
    .card-link:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .card {
      display: flex;
      flex-direction: column;
      gap: 6px;
      height: 100%;
      box-sizing: border-box;
      padding: 16px;
      transition: background-color 0.15s;
    }
    .card-link:hover .card {
      background: var(--mat-sys-surface-container-low);
    }
    .top {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
    }
    .hostname {
      overflow: hidden;
      font: var(--mat-sys-title-medium);
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .ip {
      font: var(--mat-sys-body-medium);
      font-family: ui-monospace, monospace;
    }
    .plan,
    .resources,
    .price {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .usage {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 12px;
      margin-top: 6px;
    }
    .progress {
      display: flex;
      flex-direction: column;
      gap: 6px;
      margin-top: 6px;
      font: var(--mat-sys-label-medium);
    }
    .price {
      margin-top: auto;
      padding-top: 6px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServerCard {
  readonly server = input.required<ServerView>();

  protected readonly memory = computed(() => formatMemoryMb(this.server().memoryMb));
  protected readonly cpu = computed(() => this.server().metrics.cpuPercent);
  protected readonly memoryPercent = computed(() => {
    const { memUsedBytes, memTotalBytes } = this.server().metrics;
    return percentOf(memUsedBytes, memTotalBytes);
  });
  protected readonly progress = computed(() => {
    const server = this.server();
    if (server.activeOperation) return OPERATION_LABELS[server.activeOperation.type];
    if (server.status === 'creating') return 'Creating the server';
    if (server.status === 'deleting') return 'Deleting the server';
    return null;
  });
}
