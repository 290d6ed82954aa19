/**
 * The header's sync bar, on every screen: connection state ("En ligne", "Hors ligne",
 * "Synchronisation…") and how many local changes the relay has not confirmed yet — of the
 * committee shown, or on "Mon espace" of all the committees joined (`combineSyncs`); with no
 * committee at all, that the documents stay on this computer.
 */
import { startTransition, useEffect, useState } from 'react';
import type { CommitteeOffline } from '../offline/committee-offline.js';
import { OfflineHeaderCount } from '../offline/OfflineHeaderCount.js';
import type { SyncSource } from '../sync/combined-sync.js';
import type { RelayStatus } from '../sync/relay-types.js';
import { useI18n } from '../i18n/i18n-context.js';

interface Snapshot {
  readonly status: RelayStatus;
  readonly unconfirmed: number;
}

/** Status and count of `sync`, as React state. */
export function useSyncSnapshot(sync: SyncSource): Snapshot {
  const read = (): Snapshot => ({ status: sync.status, unconfirmed: sync.unconfirmed });
  const [snapshot, setSnapshot] = useState(read);
  useEffect(() => {
    // The count changes with every keystroke: a transition lets the keystroke paint first.
    const update = (): void =>
      startTransition(() =>
        setSnapshot((before) => {
          const next = { status: sync.status, unconfirmed: sync.unconfirmed };
          return before.status === next.status && before.unconfirmed === next.unconfirmed
            ? before
            : next;
        }),
      );
    update();
    return sync.subscribe(update);
  }, [sync]);
  return snapshot;
}

/**
 * The sync bar of `sync`; `scope` names what it covers when that is not the screen's own
 * workspace ("Comités" on "Mon espace"); `offline`, a committee's, adds its offline copies.
 */
export function SyncStatus({
  sync,
  scope,
  offline,
}: {
  readonly sync: SyncSource;
  readonly scope?: string;
  readonly offline?: CommitteeOffline;
}) {
  const { t } = useI18n();
  const { status, unconfirmed } = useSyncSnapshot(sync);
  const count =
    unconfirmed === 0
      ? t('sync.unconfirmed.zero')
      : t(unconfirmed === 1 ? 'sync.unconfirmed.one' : 'sync.unconfirmed.other', {
          count: unconfirmed,
        });
  return (
    <section className="sync-status" aria-label={t('sync.region')}>
      {scope === undefined ? null : <span className="sync-scope">{scope}</span>}
      {/* Only the connection state is live: a count changing per keystroke would be noise. */}
      <span role="status" className={`sync-state sync-${status}`} data-sync-status={status}>
        {t(`sync.${status}`)}
      </span>
      <span className="sync-unconfirmed" data-unconfirmed={unconfirmed}>
        {count}
      </span>
      {offline === undefined ? null : <OfflineHeaderCount offline={offline} />}
    </section>
  );
}

/** The sync bar with no committee joined: nothing is shared, nothing waits for a relay. */
export function LocalOnlyStatus() {
  const { t } = useI18n();
  return (
    <section className="sync-status" aria-label={t('sync.region')}>
      <span role="status" className="sync-state sync-local" data-sync-status="local">
        {t('sync.local')}
      </span>
      <span className="sync-unconfirmed">{t('sync.localDetail')}</span>
    </section>
  );
}
