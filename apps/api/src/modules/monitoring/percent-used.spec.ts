import { percentUsed } from './alerts.service';
import type { SweepSample } from './metrics-store';

const sample: SweepSample = {
  serverId: 1,
  cpuPercent: 42.5,
  memUsedBytes: 768,
  memTotalBytes: 1024,
  diskUsedBytes: 1,
  diskTotalBytes: 3,
  netInBytes: 0,
  netOutBytes: 0,
  uptimeSeconds: 0,
};

describe('percentUsed, what alerts compare with their thresholds', () => {
  it('reads CPU as sampled and memory and disk as used over total, to two decimals', () => {
    expect(percentUsed(sample, 'cpu')).toBe(42.5);
    expect(percentUsed(sample, 'memory')).toBe(75);
    expect(percentUsed(sample, 'disk')).toBe(33.33);
  });

  it('counts a resource without a known total as unused rather than dividing by zero', () => {
    expect(percentUsed({ ...sample, memTotalBytes: 0 }, 'memory')).toBe(0);
    expect(percentUsed({ ...sample, diskTotalBytes: 0 }, 'disk')).toBe(0);
  });
});
