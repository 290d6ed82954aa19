/**
 * Says, under the header, when a committee's relay no longer lets this member in (see
 * `access-problem.ts`), what happens to their edits and what to do. Without it an expired
 * invitation looks like a network problem ("Hors ligne") for as long as the user waits.
 */
import { useEffect, useState } from 'react';
import type { Committee } from '../app/workspaces.js';
import { useI18n } from '../i18n/i18n-context.js';
import { languageTag } from '../i18n/translator.js';
import { accessProblem, msUntilExpiry } from './access-problem.js';

/** The alert for `committee`, or nothing. */
export function AccessAlert({ committee }: { readonly committee: Committee }) {
  const { t, locale } = useI18n();
  const { sync, membership } = committee;
  const exp = membership.claims.exp;
  const [refusal, setRefusal] = useState(() => sync.refusal);
  const [full, setFull] = useState(() => sync.workspaceFull);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const update = (): void => {
      setRefusal(sync.refusal);
      setFull(sync.workspaceFull);
    };
    update();
    return sync.subscribe(update);
  }, [sync]);

  useEffect(() => {
    // Re-render when the invitation expires while the app is open.
    setNow(Date.now());
    const wait = msUntilExpiry(exp, Date.now());
    if (wait === null) return;
    const timer = setTimeout(() => setNow(Date.now()), wait + 1000);
    return () => clearTimeout(timer);
  }, [exp, refusal]);

  const problem = accessProblem(refusal, exp, now, full);
  if (problem === null) return null;
  let text: string;
  switch (problem.kind) {
    case 'expired':
      text = t('access.expired', {
        date: new Intl.DateTimeFormat(languageTag(locale), {
          dateStyle: 'long',
          timeStyle: 'short',
        }).format(problem.expiredAt),
      });
      break;
    case 'unauthorized':
      text = t('access.unauthorized', { reason: problem.reason || '4401' });
      break;
    case 'forbidden':
      text = t('access.forbidden');
      break;
    case 'closed':
      text = t('access.closed', { code: String(problem.code) });
      break;
    case 'workspace-full':
      // Nothing for the member to do but wait (and tell the secretariat): no new invitation.
      return (
        <p className="warning banner" role="alert" data-access-problem={problem.kind}>
          {t('access.workspaceFull')}
        </p>
      );
  }
  return (
    <p className="error banner" role="alert" data-access-problem={problem.kind}>
      {text} {t('access.keep')}
    </p>
  );
}
