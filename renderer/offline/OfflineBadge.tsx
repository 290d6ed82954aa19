/**
 * A document's offline state in the documents list: an icon (decorative) with a short text,
 * which is what is read, and the longer explanation as a tooltip. `data-offline-state` (on the
 * row) carries the state's kind for tests and benchmarks.
 */
import type { MessageKey } from '../i18n/fr.js';
import { useI18n } from '../i18n/i18n-context.js';
import { languageTag } from '../i18n/translator.js';
import type { DocumentOfflineState } from './document-state.js';
import { StateIcon, type StateIconName } from './StateIcon.js';

interface BadgeText {
  readonly icon: StateIconName;
  readonly label: MessageKey;
  readonly detail: MessageKey;
  readonly tone: 'ok' | 'busy' | 'muted' | 'warning' | 'danger';
  readonly params?: Readonly<Record<string, string | number>>;
}

function badgeText(state: DocumentOfflineState, date: (ms: number) => string): BadgeText {
  switch (state.kind) {
    case 'ready':
      return {
        icon: 'ready',
        label: 'offline.state.ready',
        detail: 'offline.state.ready.detail',
        tone: 'ok',
        params: { date: date(state.storedAt) },
      };
    case 'downloading':
      return {
        icon: 'downloading',
        label: 'offline.state.downloading',
        detail: 'offline.state.downloading.detail',
        tone: 'busy',
      };
    case 'waiting':
      return state.offline
        ? {
            icon: 'offline',
            label: 'offline.state.waitingOffline',
            detail: 'offline.state.waitingOffline.detail',
            tone: 'muted',
          }
        : {
            icon: 'waiting',
            label: 'offline.state.waiting',
            detail: 'offline.state.waiting.detail',
            tone: 'muted',
          };
    case 'over-budget':
    case 'archived': {
      const icon = state.kind === 'archived' ? 'archived' : 'budget';
      return state.copyAt === null
        ? {
            icon,
            label: `offline.state.${state.kind}`,
            detail: `offline.state.${state.kind}.detail`,
            tone: 'muted',
          }
        : {
            icon,
            label: `offline.state.${state.kind}Copy`,
            detail: `offline.state.${state.kind}Copy.detail`,
            tone: 'muted',
            params: { date: date(state.copyAt) },
          };
    }
    case 'unconfirmed':
      return {
        icon: 'unconfirmed',
        label:
          state.count === 1 ? 'offline.state.unconfirmed.one' : 'offline.state.unconfirmed.other',
        detail: 'offline.state.unconfirmed.detail',
        tone: 'warning',
        params: { count: state.count },
      };
    case 'refused':
      return {
        icon: 'refused',
        label: 'offline.state.refused',
        detail: 'offline.state.refused.detail',
        tone: 'danger',
        params: { code: state.code },
      };
  }
}

/** The badge of `state`. */
export function OfflineBadge({ state }: { readonly state: DocumentOfflineState }) {
  const { t, locale } = useI18n();
  const format = new Intl.DateTimeFormat(languageTag(locale), {
    dateStyle: 'short',
    timeStyle: 'short',
  });
  const text = badgeText(state, (ms) => format.format(ms));
  return (
    <span className={`offline-badge offline-${text.tone}`} title={t(text.detail, text.params)}>
      <StateIcon name={text.icon} />
      {t(text.label, text.params)}
    </span>
  );
}
