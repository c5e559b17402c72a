import { GIB } from '../core/sizes';
import type { ContainerRecord } from '../state/types';
import { LoadModel } from './load-model';
import { containerRrd, RRD_RESOLUTION } from './rrd';

const capacity = { maxcpu: 2, maxmem: 2 * GIB, maxdisk: 8 * GIB };
const NOW = 1_790_000_000;

function ct(vmid: number, startedAt: number): ContainerRecord {
  return {
    vmid,
    node: 'pve1',
    config: {},
    pending: {},
    pendingDelete: [],
    snapshots: [],
    status: 'running',
    frozen: false,
    startedAt,
    runs: [{ start: Math.floor(startedAt / 1000) }],
    createdAt: Math.floor(startedAt / 1000),
    ostemplate: 'local:vztmpl/x.tar.zst',
    leases: {},
    counters: { at: startedAt, netin: 0, netout: 0, diskread: 0, diskwrite: 0 },
  };
}

describe('LoadModel', () => {
  it('gives plausible values within capacity', () => {
    const model = new LoadModel(7);
    for (let t = NOW; t < NOW + 86_400; t += 977) {
      const sample = model.sample(101, capacity, t);
      expect(sample.cpu).toBeGreaterThan(0);
      expect(sample.cpu).toBeLessThanOrEqual(1);
      expect(sample.mem).toBeLessThanOrEqual(capacity.maxmem);
      expect(sample.disk).toBeLessThanOrEqual(capacity.maxdisk);
      expect(sample.netin).toBeGreaterThan(0);
    }
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(new LoadModel(7).sample(101, capacity, NOW)).toEqual(
      new LoadModel(7).sample(101, capacity, NOW),
    );
    expect(new LoadModel(7).sample(101, capacity, NOW).cpu).not.toBe(
      new LoadModel(8).sample(101, capacity, NOW).cpu,
    );
  });

  it('keeps counters monotonic, and pinned rates add exactly', () => {
    const model = new LoadModel(3);
    const record = ct(100, NOW * 1000);
    let previous = 0;
    for (let s = 1; s < 5000; s += 333) {
      const counters = model.counters(record, (NOW + s) * 1000);
      expect(counters.netin).toBeGreaterThanOrEqual(previous);
      previous = counters.netin;
    }
    model.pin(100, { cpu: 0.95, netin: 1000 }, NOW * 1000);
    expect(model.counters(record, (NOW + 10) * 1000).netin).toBe(10_000);
    expect(model.sample(100, capacity, NOW + 5).cpu).toBe(0.95);
  });
});

describe('containerRrd', () => {
  it('returns PVE 9 resolutions and per-second rates', () => {
    const model = new LoadModel(1);
    const input = { vmid: 100, capacity, runs: [], createdAt: NOW, backfill: true };
    for (const timeframe of ['hour', 'day', 'week', 'month', 'year'] as const) {
      const rows = containerRrd(model, input, timeframe, 'AVERAGE', NOW);
      const { step, points } = RRD_RESOLUTION[timeframe];
      expect(rows).toHaveLength(points);
      expect(rows[1].time - rows[0].time).toBe(step);
      expect(rows[0]).toEqual(expect.objectContaining({ maxcpu: 2, cpu: expect.any(Number) }));
    }
  });

  it('leaves stopped periods with only time and MAX >= AVERAGE', () => {
    const model = new LoadModel(1);
    const runs = [{ start: NOW - 1800, end: NOW - 600 }];
    const input = { vmid: 100, capacity, runs, createdAt: NOW - 1800, backfill: false };
    const average = containerRrd(model, input, 'hour', 'AVERAGE', NOW);
    const max = containerRrd(model, input, 'hour', 'MAX', NOW);
    expect(average[0]).toEqual({ time: average[0].time });
    const running = average.findIndex((row) => row['cpu'] !== undefined);
    expect(max[running]['cpu']).toBeGreaterThanOrEqual(average[running]['cpu'] ?? 0);
    expect(average[average.length - 1]).toEqual({ time: average[average.length - 1].time });
  });
});
