/**
 * The budget the member types, in Mo, read the French way ("1,5") or the English way ("1.5"),
 * with spaces as thousands separators ("1 000"); anything else is a clear error, never a
 * thrown exception. Also the value shown in the field for a budget in bytes.
 */
import { MAX_OFFLINE_BUDGET_BYTES, MEGABYTE } from '../../shared/offline/offline-plan.js';

/** Why a typed budget is refused. */
export type BudgetInputError = 'empty' | 'number' | 'negative' | 'tooLarge';

/** A typed budget: bytes, or why not. */
export type BudgetInput =
  | { readonly ok: true; readonly bytes: number }
  | { readonly ok: false; readonly error: BudgetInputError };

/** Digits, one optional decimal separator (comma or point), optional leading minus. */
const NUMBER = /^-?(\d+([.,]\d*)?|[.,]\d+)$/;

/** Reads `text` as a number of Mo. */
export function parseBudgetInput(text: string): BudgetInput {
  // Spaces (ordinary, no-break, narrow no-break) separate thousands in French.
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  if (compact.length === 0) return { ok: false, error: 'empty' };
  if (!NUMBER.test(compact)) return { ok: false, error: 'number' };
  const megabytes = Number(compact.replace(',', '.'));
  if (!Number.isFinite(megabytes)) return { ok: false, error: 'number' };
  if (megabytes < 0) return { ok: false, error: 'negative' };
  const bytes = Math.round(megabytes * MEGABYTE);
  if (bytes > MAX_OFFLINE_BUDGET_BYTES) return { ok: false, error: 'tooLarge' };
  return { ok: true, bytes };
}

/** `bytes` as the field shows it: Mo with at most two decimals, in the locale's notation. */
export function budgetFieldValue(bytes: number, languageTag: string): string {
  return new Intl.NumberFormat(languageTag, {
    maximumFractionDigits: 2,
    useGrouping: false,
  }).format(bytes / MEGABYTE);
}
