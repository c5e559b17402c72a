import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatCardModule } from '@angular/material/card';

import { formatMemoryMb } from '../../../../shared/format/units';
import { MoneyPipe } from '../../../../shared/money/money-pipe';
import { StatusBadge } from '../../../../shared/status-badge/status-badge';
import { dailyPriceMinor } from '../../data/billing';
import { ServerStore } from '../../data/server-store';

/** Overview tab: what the server is, where it runs and what it costs. */
@Component({
  selector: 'app-server-overview',
  imports: [DatePipe, MatCardModule, MoneyPipe, StatusBadge],
  template: `
    @if (store.server(); as server) {
      <div class="grid">
        <mat-card appearance="outlined">
          <mat-card-content>
            <h2>Server</h2>
            <dl>
              <dt>Status</dt>
              <dd>
                <app-status-badge [status]="server.status" />
                <span class="status-note">{{ store.statusLook()?.description }}</span>
              </dd>
              <dt>Hostname</dt>
              <dd>{{ server.hostname }}</dd>
              <dt>IP address</dt>
              <dd data-testid="overview-ip">
                @if (server.ipAddress) {
                  <code>{{ server.ipAddress }}</code>
                } @else {
                  Not assigned yet
                }
              </dd>
              <dt>Operating system</dt>
              <dd>{{ server.osName }}</dd>
              <dt>Node / VMID</dt>
              <dd data-testid="overview-node">
                {{ server.node ?? '—' }} / {{ server.vmid ?? '—' }}
              </dd>
              <dt>Created</dt>
              <dd>{{ server.createdAt | date: 'medium' }}</dd>
            </dl>
          </mat-card-content>
        </mat-card>

        <mat-card appearance="outlined">
          <mat-card-content>
            <h2>Plan and billing</h2>
            <dl>
              <dt>Tariff</dt>
              <dd>{{ server.tariffName }}</dd>
              <dt>Resources</dt>
              <dd>{{ resources() }}</dd>
              <dt>Monthly price</dt>
              <dd data-testid="overview-price">{{ server.priceMonthlyMinor | money }}</dd>
              <dt>Daily charge</dt>
              <dd>{{ daily() | money }}</dd>
              <dt>Billed through</dt>
              <dd data-testid="overview-billed-through">
                {{ server.billedThrough ? (server.billedThrough | date: 'mediumDate') : '—' }}
              </dd>
            </dl>
          </mat-card-content>
        </mat-card>
      </div>
    }
  `,
  styleUrl: '../tab-page.scss',
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(300px, 1fr));
      gap: 16px;
    }
    dl {
      display: grid;
      grid-template-columns: minmax(110px, auto) 1fr;
      gap: 10px 16px;
      margin: 12px 0 0;
      font: var(--mat-sys-body-medium);
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin: 0;
      overflow-wrap: anywhere;
    }
    .status-note {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServerOverview {
  protected readonly store = inject(ServerStore);

  protected readonly resources = computed(() => {
    const server = this.store.server();
    if (!server) return '';
    const cores = `${server.cores} ${server.cores === 1 ? 'core' : 'cores'}`;
    return `${cores} · ${formatMemoryMb(server.memoryMb)} RAM · ${server.diskGb} GB disk`;
  });
  protected readonly daily = computed(() => {
    const server = this.store.server();
    return server ? dailyPriceMinor(server.priceMonthlyMinor) : null;
  });
}
