import {
  type AlertResource,
  HISTORY_RANGES,
  type HistoryRange,
  type MetricPoint,
  type ServerLiveStatus,
} from '@hostdeck/contracts';
import { DatePipe, DecimalPipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  LOCALE_ID,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { LegendPosition, LineChartModule } from '@swimlane/ngx-charts';
import type { Subscription } from 'rxjs';

import { errorMessage } from '../../../../core/errors/api-error';
import { Toast } from '../../../../core/errors/toast';
import { SocketClient } from '../../../../core/realtime/socket-client';
import {
  clampPercent,
  formatBytes,
  formatUptime,
  percentOf,
} from '../../../../shared/format/units';
import { UsageBar } from '../../../../shared/usage-bar/usage-bar';
import { ServerStore } from '../../data/server-store';
import { ServersApi } from '../../data/servers-api';
import { ALERT_LABELS, type ActiveAlerts, applyAlert, mergeLoadedAlerts } from './stats-alerts';
import {
  MAX_LIVE_POINTS,
  historySeries,
  liveFromEvent,
  pointFromEvent,
  timeTick,
} from './stats-chart';

/** One figure card: a usage bar, or a plain value when there is no meaningful percentage. */
export interface StatCard {
  readonly key: 'cpu' | 'memory' | 'disk' | 'network' | 'uptime';
  readonly title: string;
  readonly percent: number | null;
  readonly value: string;
  readonly detail: string;
}

/** Builds the cards from a live status; pure, so the template only renders. */
export function statCards(live: ServerLiveStatus | null): StatCard[] {
  const metrics = live?.metrics;
  const cpu = clampPercent(metrics?.cpuPercent);
  const memory = percentOf(metrics?.memUsedBytes, metrics?.memTotalBytes);
  const disk = percentOf(metrics?.diskUsedBytes, metrics?.diskTotalBytes);
  const percentText = (value: number | null): string =>
    value === null ? '—' : `${Math.round(value)} %`;
  return [
    { key: 'cpu', title: 'CPU', percent: cpu, value: percentText(cpu), detail: 'of its cores' },
    {
      key: 'memory',
      title: 'Memory',
      percent: memory,
      value: percentText(memory),
      detail: `${formatBytes(metrics?.memUsedBytes)} of ${formatBytes(metrics?.memTotalBytes)}`,
    },
    {
      key: 'disk',
      title: 'Disk',
      percent: disk,
      value: percentText(disk),
      detail: `${formatBytes(metrics?.diskUsedBytes)} of ${formatBytes(metrics?.diskTotalBytes)}`,
    },
    {
      key: 'network',
      title: 'Network',
      percent: null,
      value: `↓ ${formatBytes(metrics?.netInBytes)}`,
      detail: `↑ ${formatBytes(metrics?.netOutBytes)} sent, since boot`,
    },
    {
      key: 'uptime',
      title: 'Uptime',
      percent: null,
      value: formatUptime(metrics?.uptimeSeconds),
      detail: 'since the last start',
    },
  ];
}

/**
 * Stats tab: live figures pushed over the socket (`server-stats`), with GET /api/server/:id/status
 * as the fallback (every 5 s while the socket is down, every 30 s otherwise), and a history chart.
 */
@Component({
  selector: 'app-server-stats',
  imports: [
    DatePipe,
    DecimalPipe,
    LineChartModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatCardModule,
    MatIconModule,
    MatProgressSpinnerModule,
    UsageBar,
  ],
  templateUrl: './stats.html',
  styleUrl: '../tab-page.scss',
  styles: `
    .indicator {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .pill {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
    }
    .pill::before {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: currentColor;
      content: '';
    }
    .live {
      background: light-dark(#c8f0d0, #0f3d1c);
      color: light-dark(#0b5a24, #a6e8b5);
    }
    .stale {
      background: light-dark(#ffe2b3, #4a3200);
      color: light-dark(#6b4300, #ffd18a);
    }
    .offline {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .alerts {
      display: flex;
      flex-direction: column;
      gap: 8px;
      margin: 0 0 12px;
      padding: 0;
      list-style: none;
    }
    .alert {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      padding: 10px 14px;
      border-radius: 12px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      font: var(--mat-sys-body-medium);
    }
    .alert strong {
      font: var(--mat-sys-title-small);
    }
    .alerts-none {
      margin: 0 0 12px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .cards {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
      gap: 12px;
    }
    .figure {
      margin: 4px 0;
      font: var(--mat-sys-headline-small);
      font-variant-numeric: tabular-nums;
    }
    .history-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      margin-bottom: 8px;
    }
    .chart {
      height: 280px;
    }
    .chart-note {
      margin: 0;
      padding: 24px 0;
      color: var(--mat-sys-on-surface-variant);
      text-align: center;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServerStats {
  static readonly refreshIntervalMs = 5_000;
  static readonly socketRefreshIntervalMs = 30_000;

  protected readonly store = inject(ServerStore);
  private readonly api = inject(ServersApi);
  private readonly socket = inject(SocketClient);
  private readonly toast = inject(Toast);
  private readonly locale = inject(LOCALE_ID);

  protected readonly socketState = this.socket.state;
  protected readonly ranges = HISTORY_RANGES;
  protected readonly legendBelow = LegendPosition.Below;
  protected readonly range = signal<HistoryRange>('1h');
  protected readonly historyState = signal<'loading' | 'ready' | 'error'>('loading');
  protected readonly historyError = signal<string | null>(null);
  private readonly points = signal<MetricPoint[]>([]);
  protected readonly chart = computed(() =>
    historySeries(this.points(), this.store.server()?.memoryMb ?? 0),
  );
  protected readonly hasHistory = computed(() => this.points().length > 0);
  private historyRequest: Subscription | null = null;

  protected readonly live = signal<ServerLiveStatus | null>(null);
  protected readonly state = signal<'loading' | 'ready' | 'error'>('loading');
  protected readonly problem = signal<string | null>(null);
  protected readonly updatedAt = signal<Date | null>(null);
  protected readonly cards = computed(() => statCards(this.live()));
  /** Resources above their threshold now: the API's list at open, then `server-alerts` events. */
  protected readonly alerts = signal<ActiveAlerts>([]);
  protected readonly alertLabels = ALERT_LABELS;
  /** Resources with a `server-alerts` event since the alerts request went out (null: none out). */
  private alertEventsSinceRequest: Set<AlertResource> | null = null;
  private alertsRequest: Subscription | null = null;

  private readonly serverId = computed(() => this.store.server()?.id);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private request: Subscription | null = null;
  private isDestroyed = false;

  constructor() {
    effect((onCleanup) => {
      const serverId = this.serverId();
      if (serverId === undefined) return;
      untracked(() => {
        this.socket.subscribeServer(serverId);
        this.fetch(serverId);
        this.loadAlerts(serverId);
        this.loadHistory();
      });
      onCleanup(() => this.socket.unsubscribeServer(serverId));
    });
    const stopListening = this.socket.on('server-stats', (event) => {
      if (event.serverId !== this.serverId()) return;
      this.live.update((previous) => liveFromEvent(previous, event));
      this.state.set('ready');
      this.problem.set(null);
      this.updatedAt.set(new Date());
      if (this.range() === '1h') {
        this.points.update((points) => [...points, pointFromEvent(event)].slice(-MAX_LIVE_POINTS));
      }
    });
    const stopAlerts = this.socket.on('server-alerts', (event) => {
      if (event.serverId !== this.serverId()) return;
      this.alertEventsSinceRequest?.add(event.resource);
      const change = applyAlert(this.alerts(), event);
      this.alerts.set(change.alerts);
      const hostname = this.store.server()?.hostname ?? 'Your server';
      if (change.announcement?.isFiring) {
        this.toast.showError(`${hostname}: ${change.announcement.text}`);
      } else if (change.announcement) {
        this.toast.showInfo(`${hostname}: ${change.announcement.text}`);
      }
    });
    inject(DestroyRef).onDestroy(() => {
      this.isDestroyed = true;
      stopListening();
      stopAlerts();
      if (this.timer !== null) clearTimeout(this.timer);
      this.request?.unsubscribe();
      this.historyRequest?.unsubscribe();
      this.alertsRequest?.unsubscribe();
    });
  }

  /**
   * The alerts already firing when the tab opens; `server-alerts` events keep the list current
   * after that. A failed request leaves the events to fill it (at the next sweep).
   */
  private loadAlerts(serverId: number): void {
    this.alertsRequest?.unsubscribe();
    const changed = new Set<AlertResource>();
    this.alertEventsSinceRequest = changed;
    this.alertsRequest = this.api.listAlerts(serverId).subscribe({
      next: (loaded) => {
        this.alerts.set(mergeLoadedAlerts(loaded, this.alerts(), changed));
        this.alertEventsSinceRequest = null;
      },
      error: () => {
        this.alertEventsSinceRequest = null;
      },
    });
  }

  protected setRange(range: HistoryRange): void {
    this.range.set(range);
    this.loadHistory();
  }

  protected loadHistory(): void {
    const serverId = this.serverId();
    if (serverId === undefined) return;
    this.historyState.set('loading');
    this.historyRequest?.unsubscribe();
    this.historyRequest = this.api.getStatsHistory(serverId, this.range()).subscribe({
      next: (history) => {
        this.points.set(history.points);
        this.historyState.set('ready');
      },
      error: (error: unknown) => {
        this.historyError.set(errorMessage(error, 'The history could not be loaded.'));
        this.historyState.set('error');
      },
    });
  }

  /** Time-axis labels for the selected range (an arrow: ngx-charts calls it unbound). */
  protected readonly formatTime = (value: unknown): string =>
    timeTick(value, this.range(), this.locale);

  protected formatPercent(value: number): string {
    return `${value} %`;
  }

  protected retry(): void {
    const serverId = this.serverId();
    if (serverId === undefined) return;
    this.state.set('loading');
    this.fetch(serverId);
  }

  private fetch(serverId: number): void {
    if (this.isDestroyed) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.request?.unsubscribe();
    this.request = this.api.getLiveStatus(serverId).subscribe({
      next: (live) => {
        this.live.set(live);
        this.state.set('ready');
        this.problem.set(null);
        this.updatedAt.set(new Date());
        this.schedule(serverId);
      },
      error: (error: unknown) => {
        this.problem.set(errorMessage(error, 'The live figures could not be loaded.'));
        if (this.live() === null) this.state.set('error');
        this.schedule(serverId);
      },
    });
  }

  private schedule(serverId: number): void {
    if (this.isDestroyed) return;
    const delay =
      this.socket.state() === 'connected'
        ? ServerStats.socketRefreshIntervalMs
        : ServerStats.refreshIntervalMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fetch(serverId);
    }, delay);
  }
}
