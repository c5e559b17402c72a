import { billingDay, dailyPriceMinor, resizedMonthlyPriceMinor } from './pricing';

describe('dailyPriceMinor', () => {
  it.each([
    [0, 0],
    [30, 1],
    [500, 17],
    [1200, 40],
    [2900, 97],
    [31, 2],
  ])('charges ceil(%i / 30) = %i per day', (monthly, daily) => {
    expect(dailyPriceMinor(monthly)).toBe(daily);
  });

  it('never collects less than the monthly price over 30 days', () => {
    for (let monthly = 0; monthly < 5000; monthly += 7) {
      expect(dailyPriceMinor(monthly) * 30).toBeGreaterThanOrEqual(monthly);
      expect(dailyPriceMinor(monthly) * 30 - monthly).toBeLessThan(30);
    }
  });

  it('refuses fractional or negative prices', () => {
    expect(() => dailyPriceMinor(10.5)).toThrow(RangeError);
    expect(() => dailyPriceMinor(-1)).toThrow(RangeError);
  });
});

describe('resizedMonthlyPriceMinor', () => {
  const tariff = { cores: 2, memoryMb: 2048, diskGb: 40 };
  const units = { perCoreMinor: 300, perGbMemoryMinor: 200, perGbDiskMinor: 10 };

  it('is the tariff price when nothing changed', () => {
    expect(resizedMonthlyPriceMinor(1200, tariff, tariff, units)).toBe(1200);
  });

  it('adds each extra resource at its unit price', () => {
    expect(
      resizedMonthlyPriceMinor(1200, tariff, { cores: 4, memoryMb: 4096, diskGb: 60 }, units),
    ).toBe(1200 + 600 + 400 + 200);
  });

  it('counts memory per started GiB', () => {
    expect(resizedMonthlyPriceMinor(1200, tariff, { ...tariff, memoryMb: 2049 }, units)).toBe(1400);
  });

  it('credits fewer cores but never goes below 1', () => {
    expect(resizedMonthlyPriceMinor(1200, tariff, { ...tariff, cores: 1 }, units)).toBe(900);
    expect(
      resizedMonthlyPriceMinor(100, tariff, { cores: 1, memoryMb: 256, diskGb: 40 }, units),
    ).toBe(1);
  });
});

describe('billingDay', () => {
  it('uses the UTC date', () => {
    expect(billingDay(new Date('2026-03-01T23:30:00-02:00'))).toBe('2026-03-02');
  });
});
