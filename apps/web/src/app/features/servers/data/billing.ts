import type { ServerStatus, ServerView } from '@hostdeck/contracts';

/** A server costs its monthly price / 30 per day (SPEC §8, pricing.ts in the API). */
export const DAYS_PER_MONTH = 30;

/** The daily charge of a monthly price, rounded up to the next minor unit, as the API charges. */
export function dailyPriceMinor(monthlyPriceMinor: number): number {
  return Math.ceil(monthlyPriceMinor / DAYS_PER_MONTH);
}

/** Servers in these states are on their way out and no longer charged. */
const UNBILLED_STATUSES: readonly ServerStatus[] = ['deleting'];

/** What all these servers cost per day together, in minor units. */
export function dailyChargeMinor(
  servers: readonly Pick<ServerView, 'status' | 'priceMonthlyMinor'>[],
): number {
  return servers
    .filter((server) => !UNBILLED_STATUSES.includes(server.status))
    .reduce((sum, server) => sum + dailyPriceMinor(server.priceMonthlyMinor), 0);
}

/**
 * Whole days the balance pays for at this daily charge; null when nothing is charged.
 * A zero or negative balance covers 0 days.
 */
export function daysCovered(balanceMinor: number, dailyMinor: number): number | null {
  if (dailyMinor <= 0) return null;
  if (balanceMinor <= 0) return 0;
  return Math.floor(balanceMinor / dailyMinor);
}

/** Whether the balance pays the first day of a server at this monthly price. */
export function coversFirstDay(balanceMinor: number, monthlyPriceMinor: number): boolean {
  return balanceMinor >= dailyPriceMinor(monthlyPriceMinor);
}
