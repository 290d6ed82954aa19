/** "Rejoindre un comité": relay address and invitation token, checked before joining. */
import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { membershipOf, type JoinError, type JoinRefusal, type Membership } from './membership.js';

/** Props of {@link JoinForm}. */
export interface JoinFormProps {
  /** Joins; resolves to why it could not, or null once joined. */
  readonly onJoin: (membership: Membership) => Promise<JoinRefusal | null>;
}

/** The join form. */
export function JoinForm({ onJoin }: JoinFormProps) {
  const { t } = useI18n();
  const id = useId();
  const [relay, setRelay] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<JoinError | JoinRefusal | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section aria-labelledby={`${id}-title`} className="join">
      <h2 id={`${id}-title`}>{t('join.title')}</h2>
      <p>{t('join.intro')}</p>
      <form
        className="join-form"
        onSubmit={(event) => {
          event.preventDefault();
          const checked = membershipOf(relay, token);
          if (!checked.ok) {
            setError(checked.error);
            return;
          }
          setBusy(true);
          void onJoin(checked.membership)
            .then(setError)
            .finally(() => setBusy(false));
        }}
      >
        <label htmlFor={`${id}-relay`}>{t('join.relay')}</label>
        <input
          id={`${id}-relay`}
          type="url"
          value={relay}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error === 'relay'}
          aria-describedby={error !== null ? `${id}-error` : undefined}
          onChange={(event) => setRelay(event.target.value)}
        />
        <label htmlFor={`${id}-token`}>{t('join.token')}</label>
        <input
          id={`${id}-token`}
          value={token}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error === 'token' || error === 'workspace'}
          aria-describedby={error !== null ? `${id}-error` : undefined}
          onChange={(event) => setToken(event.target.value)}
        />
        <button type="submit" disabled={busy}>
          {t('join.submit')}
        </button>
        {error !== null ? (
          <p id={`${id}-error`} className="error" role="alert">
            {t(`join.error.${error}`)}
          </p>
        ) : null}
      </form>
    </section>
  );
}
