import { DEFAULT_CURRENCY_CODE, LOCALE_ID, Pipe, type PipeTransform, inject } from '@angular/core';

/**
 * Formats an amount in integer minor units (cents) as money: `{{ user.balanceMinor | money }}`.
 * The currency is Angular's DEFAULT_CURRENCY_CODE, set once in app.config.ts.
 */
@Pipe({ name: 'money' })
export class MoneyPipe implements PipeTransform {
  private readonly locale = inject(LOCALE_ID);
  private readonly currency = inject(DEFAULT_CURRENCY_CODE);

  transform(amountMinor: number | null | undefined, currency = this.currency): string {
    if (amountMinor === null || amountMinor === undefined) return '';
    return formatMinorUnits(amountMinor, currency, this.locale);
  }
}

export function formatMinorUnits(amountMinor: number, currency: string, locale: string): string {
  const formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
  // Minor units per major unit come from the currency itself: 2 for USD/EUR, 0 for JPY.
  const fractionDigits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(amountMinor / 10 ** fractionDigits);
}
