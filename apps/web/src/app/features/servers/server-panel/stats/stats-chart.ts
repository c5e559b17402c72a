import type {
  HistoryRange,
  MetricPoint,
  ServerLiveStatus,
  ServerStatsEvent,
} from '@hostdeck/contracts';

/** ngx-charts' multi-series shape. */
export interface ChartSeries {
  readonly name: string;
  readonly series: { readonly name: Date; readonly value: number }[];
}

/** How many live points the chart keeps beyond the loaded history. */
export const MAX_LIVE_POINTS = 720;

function percent(used: number | null, total: number): number {
  if (used === null || total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round((used / total) * 1000) / 10));
}

/** A socket sample as a history point, so the chart grows live. */
export function pointFromEvent(event: ServerStatsEvent): MetricPoint {
  return {
    at: event.at,
    cpuPercent: event.cpu,
    cpuMaxPercent: null,
    memUsedBytes: event.memUsedBytes,
    memMaxBytes: null,
    diskUsedBytes: event.diskUsedBytes,
    netInBytes: event.netInBytes,
    netOutBytes: event.netOutBytes,
  };
}

/** CPU and memory as percentages over time (memory against the tariff's RAM). */
export function historySeries(points: readonly MetricPoint[], memoryMb: number): ChartSeries[] {
  const memoryBytes = memoryMb * 1024 * 1024;
  return [
    {
      name: 'CPU %',
      series: points.map((point) => ({
        name: new Date(point.at),
        value: percent(point.cpuPercent, 100),
      })),
    },
    {
      name: 'Memory %',
      series: points.map((point) => ({
        name: new Date(point.at),
        value: percent(point.memUsedBytes, memoryBytes),
      })),
    },
  ];
}

/**
 * A time-axis label: the time of day for the hour and day ranges, the date for longer ones
 * (d3's default shows milliseconds such as ".190" when the chart holds a single sample).
 */
export function timeTick(value: unknown, range: HistoryRange, locale?: string): string {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) return '';
  const options: Intl.DateTimeFormatOptions =
    range === '1h' || range === '24h'
      ? { hour: '2-digit', minute: '2-digit' }
      : { month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

/** The live status after a socket sample: fresh metrics, no longer stale. */
export function liveFromEvent(
  previous: ServerLiveStatus | null,
  event: ServerStatsEvent,
): ServerLiveStatus {
  return {
    serverId: event.serverId,
    status: previous?.status ?? 'running',
    isStale: false,
    metrics: {
      cpuPercent: event.cpu,
      memUsedBytes: event.memUsedBytes,
      memTotalBytes: event.memTotalBytes,
      diskUsedBytes: event.diskUsedBytes,
      diskTotalBytes: event.diskTotalBytes,
      netInBytes: event.netInBytes,
      netOutBytes: event.netOutBytes,
      uptimeSeconds: event.uptimeSeconds,
      sampledAt: event.at,
    },
  };
}
