/**
 * Renaming the committee, for the chair and the secretariat (the relay refuses it from anyone
 * else: `shared/policy/room-policy.ts`). A disclosure under the committee's heading: the name
 * is set once and rarely changed, so it stays out of the way. Written offline like any index
 * change; every member sees the new name once it syncs.
 */
import { useId, useState, type FormEvent } from 'react';
import {
  MAX_COMMITTEE_NAME_LENGTH,
  normaliseCommitteeName,
} from '../../shared/schema/committee-profile.js';
import type { LocalWorkspace } from '../documents/local-workspace.js';
import { useI18n } from '../i18n/i18n-context.js';

/** Props of {@link CommitteeNameForm}. */
export interface CommitteeNameFormProps {
  readonly workspace: LocalWorkspace;
  /** The current display name, null when none is set. */
  readonly name: string | null;
}

/** The rename form. */
export function CommitteeNameForm({ workspace, name }: CommitteeNameFormProps) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState(name ?? '');
  const [state, setState] = useState<'idle' | 'saved' | 'invalid' | 'failed'>('idle');

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const normalised = normaliseCommitteeName(draft);
    if (normalised === null) {
      setState('invalid');
      return;
    }
    workspace.setDisplayName(normalised).then(
      () => setState('saved'),
      () => setState('failed'),
    );
  };

  return (
    <details className="committee-name-form">
      <summary>{t('committee.rename')}</summary>
      <form onSubmit={submit} noValidate>
        <label htmlFor={`${id}-name`}>{t('committee.nameLabel')}</label>
        <input
          id={`${id}-name`}
          value={draft}
          maxLength={MAX_COMMITTEE_NAME_LENGTH}
          aria-invalid={state === 'invalid'}
          aria-describedby={`${id}-status`}
          onChange={(event) => {
            setDraft(event.currentTarget.value);
            setState('idle');
          }}
        />
        <button type="submit">{t('committee.nameSave')}</button>
        <p id={`${id}-status`} role="status" className={state === 'saved' ? 'muted' : 'error'}>
          {state === 'idle' ? null : t(`committee.name.${state}`)}
        </p>
      </form>
    </details>
  );
}
