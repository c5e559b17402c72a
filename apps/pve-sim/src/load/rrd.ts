import type { RunInterval } from '../state/types';
import type { CtCapacity, LoadModel } from './load-model';

export type Timeframe = 'hour' | 'day' | 'week' | 'month' | 'year';
export type ConsolidationFunction = 'AVERAGE' | 'MAX';

/** PVE 9 RRD layout (pve-cluster RRD.pm): step in seconds and number of rows per timeframe. */
export const RRD_RESOLUTION: Record<Timeframe, { step: number; points: number }> = {
  hour: { step: 60, points: 60 },
  day: { step: 60, points: 1440 },
  week: { step: 1800, points: 336 },
  month: { step: 1800, points: 1440 },
  year: { step: 21600, points: 1440 },
};

/** Samples per step used to build AVERAGE/MAX rows. */
const SAMPLES_PER_STEP = 6;

export type RrdPoint = { time: number } & Partial<Record<string, number>>;

export interface RrdInput {
  vmid: number;
  capacity: CtCapacity;
  runs: RunInterval[];
  /** epoch seconds */
  createdAt: number;
  /** Treat the time before creation as running (so fresh containers have charts). */
  backfill: boolean;
}

function isRunningAt(input: RrdInput, t: number): boolean {
  if (t < input.createdAt) return input.backfill;
  return input.runs.some((run) => run.start <= t && (run.end === undefined || t < run.end));
}

const round = (value: number, digits: number) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/**
 * rrddata rows for a container: one per step up to the last complete step. Rows where the
 * container was not running hold only `time`; rates are per second, as in PVE.
 */
export function containerRrd(
  model: LoadModel,
  input: RrdInput,
  timeframe: Timeframe,
  cf: ConsolidationFunction,
  nowSeconds: number,
): RrdPoint[] {
  const { step, points } = RRD_RESOLUTION[timeframe];
  const last = Math.floor(nowSeconds / step) * step - step;
  const rows: RrdPoint[] = [];
  for (let i = points - 1; i >= 0; i--) {
    const time = last - i * step;
    const mid = time + step / 2;
    if (!isRunningAt(input, mid)) {
      rows.push({ time });
      continue;
    }
    const samples = Array.from({ length: SAMPLES_PER_STEP }, (_unused, index) =>
      model.sample(input.vmid, input.capacity, time + ((index + 0.5) * step) / SAMPLES_PER_STEP),
    );
    const pick = (key: keyof (typeof samples)[number]) =>
      cf === 'MAX'
        ? Math.max(...samples.map((sample) => sample[key]))
        : samples.reduce((sum, sample) => sum + sample[key], 0) / samples.length;
    const rates =
      cf === 'MAX'
        ? {
            netin: pick('netin'),
            netout: pick('netout'),
            diskread: pick('diskread'),
            diskwrite: pick('diskwrite'),
          }
        : model.averageRates(input.vmid, time, time + step);
    rows.push({
      time,
      maxcpu: input.capacity.maxcpu,
      cpu: round(pick('cpu'), 6),
      maxmem: input.capacity.maxmem,
      mem: round(pick('mem'), 2),
      memhost: round(pick('memhost'), 2),
      maxdisk: input.capacity.maxdisk,
      disk: round(pick('disk'), 2),
      netin: round(rates.netin, 4),
      netout: round(rates.netout, 4),
      diskread: round(rates.diskread, 4),
      diskwrite: round(rates.diskwrite, 4),
      pressurecpusome: round(pick('pressurecpusome'), 4),
      pressurecpufull: round(pick('pressurecpufull'), 4),
      pressureiosome: round(pick('pressureiosome'), 4),
      pressureiofull: round(pick('pressureiofull'), 4),
      pressurememorysome: round(pick('pressurememorysome'), 4),
      pressurememoryfull: round(pick('pressurememoryfull'), 4),
    });
  }
  // A final row with only `time` is dropped, as PVE does.
  if (rows.length > 0 && Object.keys(rows[rows.length - 1]).length === 1) rows.pop();
  return rows;
}
