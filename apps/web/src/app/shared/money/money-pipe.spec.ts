import { formatMinorUnits } from './money-pipe';

describe('formatMinorUnits', () => {
  it('turns cents into dollars', () => {
    expect(formatMinorUnits(123456, 'USD', 'en-US')).toBe('$1,234.56');
  });

  it('shows zero and negative balances', () => {
    expect(formatMinorUnits(0, 'USD', 'en-US')).toBe('$0.00');
    expect(formatMinorUnits(-550, 'USD', 'en-US')).toBe('-$5.50');
  });

  it('uses the currency’s own number of minor units', () => {
    expect(formatMinorUnits(1500, 'JPY', 'en-US')).toBe('¥1,500');
  });
});
