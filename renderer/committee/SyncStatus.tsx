/**
 * The header's sync bar for a committee workspace: connection state ("En ligne", "Hors ligne",
 * "Synchronisation…") and how many local changes the relay has not confirmed yet. Always on
 * screen while a committee workspace is shown.
 */
import { startTransition, useEffect, useState } from 'react';
import type { RelayStatus } from '../sync/relay-connection.js';
import type { WorkspaceSync } from '../sync/workspace-sync.js';
import { useI18n } from '../i18n/i18n-context.js';

interface Snapshot {
  readonly status: RelayStatus;
  readonly unconfirmed: number;
}

/** Status and count of `sync`, as React state. */
export function useSyncSnapshot(sync: WorkspaceSync): Snapshot {
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

/** The sync bar. */
export function SyncStatus({ sync }: { readonly sync: WorkspaceSync }) {
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
      {/* Only the connection state is live: a count changing per keystroke would be noise. */}
      <span role="status" className={`sync-state sync-${status}`} data-sync-status={status}>
        {t(`sync.${status}`)}
      </span>
      <span className="sync-unconfirmed" data-unconfirmed={unconfirmed}>
        {count}
      </span>
    </section>
  );
}
