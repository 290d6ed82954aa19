/** Shown when local storage cannot be opened: the app cannot work without it. */
import { useI18n } from '../i18n/i18n-context.js';

/** The startup error screen. */
export function StartupError(props: { readonly detail: string }) {
  const { t } = useI18n();
  return (
    <main id="main" className="page">
      <h1>{t('app.name')}</h1>
      <p role="alert">{t('app.storageError', { detail: props.detail })}</p>
    </main>
  );
}
