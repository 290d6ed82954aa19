/**
 * The member's budget for a committee's offline copies, in Mo: a labelled text field (French
 * decimals accepted, `budget-input.ts`), a save button, the error said next to the field and
 * tied to it (`aria-describedby`, `aria-invalid`), the saved value confirmed politely.
 */
import { useId, useState } from 'react';
import { MAX_OFFLINE_BUDGET_BYTES } from '../../shared/offline/offline-plan.js';
import { useI18n } from '../i18n/i18n-context.js';
import { languageTag } from '../i18n/translator.js';
import { budgetFieldValue, parseBudgetInput, type BudgetInputError } from './budget-input.js';
import type { CommitteeOffline } from './committee-offline.js';
import { formatBudget } from './format-size.js';

/** The budget form of `offline`. */
export function BudgetForm({ offline }: { readonly offline: CommitteeOffline }) {
  const { t, locale } = useI18n();
  const tag = languageTag(locale);
  const id = useId();
  const [text, setText] = useState(() => budgetFieldValue(offline.budgetBytes, tag));
  const [error, setError] = useState<BudgetInputError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const describedBy = [`${id}-hint`, error === null ? null : `${id}-error`]
    .filter((part) => part !== null)
    .join(' ');
  const errorText = (code: BudgetInputError): string =>
    t(`offline.budget.error.${code}`, {
      value: text.trim(),
      max: formatBudget(MAX_OFFLINE_BUDGET_BYTES, tag),
    });

  return (
    <form
      className="budget-form"
      noValidate
      data-offline-budget-form=""
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = parseBudgetInput(text);
        if (!parsed.ok) {
          setError(parsed.error);
          setSaved(null);
          return;
        }
        offline.setBudget(parsed.bytes);
        setError(null);
        setText(budgetFieldValue(parsed.bytes, tag));
        setSaved(formatBudget(parsed.bytes, tag));
      }}
    >
      <label htmlFor={`${id}-budget`}>{t('offline.budget.label')}</label>
      <div className="budget-field">
        <input
          id={`${id}-budget`}
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          value={text}
          aria-invalid={error !== null}
          aria-describedby={describedBy}
          onChange={(event) => {
            setText(event.target.value);
            setError(null);
            setSaved(null);
          }}
        />
        <button type="submit">{t('offline.budget.save')}</button>
      </div>
      <p id={`${id}-hint`} className="muted">
        {t('offline.budget.hint')}
      </p>
      {error !== null ? (
        <p id={`${id}-error`} className="error" role="alert">
          {errorText(error)}
        </p>
      ) : null}
      <p role="status" className="budget-saved">
        {saved === null ? null : t('offline.budget.saved', { budget: saved })}
      </p>
    </form>
  );
}
