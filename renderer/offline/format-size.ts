/**
 * Sizes as a committee member reads them — "48 ko", "12,4 Mo", "1,5 Go" in French — with the
 * binary units the app uses everywhere (1 Mo = 1 024 ko), down to kilobytes: a committee's
 * documents often take less than a megabyte, and "0 Mo" would say nothing.
 */

/** `bytes` in the unit that suits it, in the language of `tag`. */
export function formatSize(bytes: number, tag: string): string {
  const value = Math.max(0, bytes);
  const [unit, divisor, digits] =
    value >= 1024 ** 3
      ? (['gigabyte', 1024 ** 3, 1] as const)
      : value >= 1024 ** 2
        ? (['megabyte', 1024 ** 2, 1] as const)
        : (['kilobyte', 1024, 0] as const);
  // A few bytes still show as "1 ko": "0 ko" would read as nothing stored.
  const amount = unit === 'kilobyte' && value > 0 ? Math.max(1, value / divisor) : value / divisor;
  return new Intl.NumberFormat(tag, {
    style: 'unit',
    unit,
    maximumFractionDigits: digits,
  }).format(amount);
}

/** A budget as the member typed it: in Mo (with up to two decimals), or Go from 1 024 Mo. */
export function formatBudget(bytes: number, tag: string): string {
  const giga = bytes >= 1024 ** 3;
  return new Intl.NumberFormat(tag, {
    style: 'unit',
    unit: giga ? 'gigabyte' : 'megabyte',
    maximumFractionDigits: 2,
  }).format(bytes / 1024 ** (giga ? 3 : 2));
}
