/**
 * Why the relay refuses this document on its own (a channel closed 4413 too large, 4404,
 * 4429…), on the document's page: what happened, what becomes of the member's edits (they stay
 * on this computer; nothing is lost), what to do, and a way to try again. The committee's
 * other documents keep syncing; the committee-wide access alert, which speaks of invitations,
 * is not concerned.
 */
import { useId } from 'react';
import type { MessageKey } from '../i18n/fr.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { RoomRefusal } from '../sync/workspace-sync.js';

/** The codes with an explanation of their own. */
const EXPLAINED = new Set([4404, 4413, 4429]);

/** Props of {@link RoomRefusalNotice}. */
export interface RoomRefusalNoticeProps {
  /** The relay's refusal of the document's room. */
  readonly refusal: RoomRefusal;
  /** Changes of the member the relay has not confirmed. */
  readonly unconfirmed: number;
  /** Asks the relay again (joins the room on a new channel). */
  readonly onRetry: () => void;
}

/** The notice. */
export function RoomRefusalNotice({ refusal, unconfirmed, onRetry }: RoomRefusalNoticeProps) {
  const { t } = useI18n();
  const id = useId();
  const code = refusal.code;
  const why = (
    EXPLAINED.has(code) ? `roomRefused.why.${code}` : 'roomRefused.why.other'
  ) as MessageKey;
  const kept: MessageKey =
    unconfirmed === 0
      ? 'roomRefused.kept.zero'
      : unconfirmed === 1
        ? 'roomRefused.kept.one'
        : 'roomRefused.kept.other';
  return (
    <section
      className="room-refused"
      role="alert"
      aria-labelledby={`${id}-title`}
      data-room-problem={code}
    >
      <h2 id={`${id}-title`}>{t('roomRefused.title')}</h2>
      <p>{t(why, { code })}</p>
      <p>{t(kept, { count: unconfirmed })}</p>
      <p>{t(code === 4413 ? 'roomRefused.do.4413' : 'roomRefused.do.other')}</p>
      <button type="button" onClick={onRetry}>
        {t('roomRefused.retry')}
      </button>
    </section>
  );
}
