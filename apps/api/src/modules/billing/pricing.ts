/**
 * Money is integer minor units (cents) everywhere. These are the only rounding rules.
 */

/** Days in a billing month: a server costs its monthly price / 30 per day. */
export const DAYS_PER_MONTH = 30;

/**
 * The daily charge of a monthly price, rounded **up** to the next minor unit, so 30 daily charges
 * never add up to less than the monthly price (e.g. 500 → 17 per day, 510 over 30 days).
 */
export function dailyPriceMinor(monthlyPriceMinor: number): number {
  if (!Number.isInteger(monthlyPriceMinor) || monthlyPriceMinor < 0) {
    throw new RangeError(`monthly price must be a non-negative integer, got ${monthlyPriceMinor}`);
  }
  return Math.ceil(monthlyPriceMinor / DAYS_PER_MONTH);
}

/** Monthly add-on prices for resources above (or credits below) a tariff's own. */
export interface ResourceUnitPrices {
  perCoreMinor: number;
  perGbMemoryMinor: number;
  perGbDiskMinor: number;
}

export interface Resources {
  cores: number;
  memoryMb: number;
  diskGb: number;
}

/**
 * The monthly price of a server resized away from its tariff: the tariff's price plus (or minus)
 * each resource's difference at the unit prices, memory counted per started GiB, never below 1.
 */
export function resizedMonthlyPriceMinor(
  tariffPriceMinor: number,
  tariff: Resources,
  wanted: Resources,
  units: ResourceUnitPrices,
): number {
  const memoryGbDelta = Math.ceil((wanted.memoryMb - tariff.memoryMb) / 1024);
  const price =
    tariffPriceMinor +
    (wanted.cores - tariff.cores) * units.perCoreMinor +
    memoryGbDelta * units.perGbMemoryMinor +
    (wanted.diskGb - tariff.diskGb) * units.perGbDiskMinor;
  return Math.max(1, price);
}

/** The UTC calendar day (YYYY-MM-DD) a moment falls in: charges are per UTC day. */
export function billingDay(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}
