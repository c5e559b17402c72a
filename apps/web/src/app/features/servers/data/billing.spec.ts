import { aServer } from '../../../../testing/server-fixtures';
import { coversFirstDay, dailyChargeMinor, dailyPriceMinor, daysCovered } from './billing';

describe('billing math', () => {
  it.each([
    [0, 0],
    [30, 1],
    [500, 17], // 16.67 rounds up, as the API charges
    [510, 17],
    [1_000, 34],
    [3_000, 100],
  ])('a monthly price of %i costs %i per day', (monthly, daily) => {
    expect(dailyPriceMinor(monthly)).toBe(daily);
  });

  it('adds the daily prices of every server, each rounded up on its own', () => {
    const servers = [
      aServer({ priceMonthlyMinor: 500 }), // 17
      aServer({ priceMonthlyMinor: 1_000, status: 'stopped' }), // 34: stopped servers are billed
      aServer({ priceMonthlyMinor: 301, status: 'suspended' }), // 11
      aServer({ priceMonthlyMinor: 9_000, status: 'deleting' }), // not billed any more
    ];

    expect(dailyChargeMinor(servers)).toBe(17 + 34 + 11);
  });

  it.each([
    { balance: 1_000, daily: 17, days: 58 },
    { balance: 17, daily: 17, days: 1 },
    { balance: 16, daily: 17, days: 0 },
    { balance: 0, daily: 17, days: 0 },
    { balance: -500, daily: 17, days: 0 },
    { balance: 1_000, daily: 0, days: null },
  ])('$balance at $daily per day covers $days days', ({ balance, daily, days }) => {
    expect(daysCovered(balance, daily)).toBe(days);
  });

  it('needs the first day in the balance to create a server', () => {
    expect(coversFirstDay(17, 500)).toBe(true);
    expect(coversFirstDay(16, 500)).toBe(false);
  });
});
