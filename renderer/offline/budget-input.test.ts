/** The budget as typed, in Mo (`budget-input.ts`): French and English decimals, clear errors. */
import { describe, expect, it } from 'vitest';
import { MEGABYTE } from '../../shared/offline/offline-plan.js';
import { budgetFieldValue, parseBudgetInput } from './budget-input.js';

describe('parseBudgetInput', () => {
  it('reads French and English decimals and thousands separated by spaces', () => {
    expect(parseBudgetInput('500')).toEqual({ ok: true, bytes: 500 * MEGABYTE });
    expect(parseBudgetInput(' 1,5 ')).toEqual({ ok: true, bytes: 1.5 * MEGABYTE });
    expect(parseBudgetInput('0.25')).toEqual({ ok: true, bytes: 0.25 * MEGABYTE });
    expect(parseBudgetInput('2\u202f000')).toEqual({ ok: true, bytes: 2000 * MEGABYTE });
    expect(parseBudgetInput('0')).toEqual({ ok: true, bytes: 0 });
  });

  it('says why anything else is refused', () => {
    expect(parseBudgetInput('')).toEqual({ ok: false, error: 'empty' });
    expect(parseBudgetInput('  ')).toEqual({ ok: false, error: 'empty' });
    for (const text of ['beaucoup', '1,2,3', '5 Mo', '1e3', '0x10', '--1'])
      expect(parseBudgetInput(text)).toEqual({ ok: false, error: 'number' });
    expect(parseBudgetInput('-3')).toEqual({ ok: false, error: 'negative' });
    expect(parseBudgetInput('100001')).toEqual({ ok: false, error: 'tooLarge' });
  });

  it('shows a budget in the field in the locale’s notation', () => {
    expect(budgetFieldValue(1.5 * MEGABYTE, 'fr-FR')).toBe('1,5');
    expect(budgetFieldValue(2000 * MEGABYTE, 'fr-FR')).toBe('2000');
    expect(budgetFieldValue(0.15 * MEGABYTE, 'en-GB')).toBe('0.15');
  });
});
