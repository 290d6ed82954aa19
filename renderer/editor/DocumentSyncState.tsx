/**
 * The document's own state on the server, next to its save state on the editor page: "À jour
 * sur le serveur", "Synchronisation…", "Hors ligne : copie sur cet ordinateur" or "Refusé par le
 * serveur", and how many of the member's changes the relay has not confirmed yet. Icon and
 * text; only the state is a live region (the count changes with every keystroke).
 * `data-doc-sync` and `data-doc-unconfirmed` carry them for tests and benchmarks.
 */
import { useI18n } from '../i18n/i18n-context.js';
import { StateIcon, type StateIconName } from '../offline/StateIcon.js';
import type { RoomState } from './use-room-state.js';

const ICONS: Readonly<Record<RoomState['state'], StateIconName>> = {
  online: 'ready',
  syncing: 'syncing',
  offline: 'offline',
  refused: 'refused',
};

/** The state line of a committee document. */
export function DocumentSyncState({ room }: { readonly room: RoomState }) {
  const { t } = useI18n();
  const { state, unconfirmed } = room;
  return (
    <p
      className={`doc-sync doc-sync-${state}`}
      data-doc-sync={state}
      data-doc-unconfirmed={unconfirmed}
    >
      <span role="status" className="doc-sync-state">
        <StateIcon name={ICONS[state]} />
        {t(`docsync.${state}`)}
      </span>
      {unconfirmed > 0 ? (
        <span className="doc-sync-pending">
          {t(unconfirmed === 1 ? 'docsync.pending.one' : 'docsync.pending.other', {
            count: unconfirmed,
          })}
        </span>
      ) : null}
    </p>
  );
}
