/**
 * The committee's offline copies in the header, on every screen of the committee (the editor
 * too): "Copies hors ligne : 12 / 48" while some are missing, nothing once all are here. The
 * element is always there with its counts — `data-offline-ready`, `data-offline-total`,
 * `data-offline-downloading`, `data-offline-phase` — which tests and benchmarks read wherever
 * the member is. Not a live region: the home page's panel announces the progress.
 */
import { useI18n } from '../i18n/i18n-context.js';
import type { CommitteeOffline } from './committee-offline.js';
import { offlinePhase } from './offline-snapshot.js';
import { StateIcon } from './StateIcon.js';
import { useOfflineSnapshot } from './use-offline-snapshot.js';

/** While the member types, the header's counts change at most this often (same phase). */
const HEADER_QUIET_MS = 1000;

/** The header's count of `offline`. */
export function OfflineHeaderCount({ offline }: { readonly offline: CommitteeOffline }) {
  const { t } = useI18n();
  const snapshot = useOfflineSnapshot(offline, { quietWhileTypingMs: HEADER_QUIET_MS })!;
  const phase = offlinePhase(snapshot);
  const missing = phase !== 'done' && phase !== 'listing';
  return (
    <span
      className="sync-offline-copies"
      data-offline-ready={snapshot.ready}
      data-offline-total={snapshot.total}
      data-offline-downloading={snapshot.downloading}
      data-offline-phase={phase}
    >
      {missing ? (
        <>
          <StateIcon name="downloading" />
          {t('offline.header', { ready: snapshot.ready, total: snapshot.total })}
        </>
      ) : null}
    </span>
  );
}
