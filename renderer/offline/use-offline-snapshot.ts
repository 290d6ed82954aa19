/** A committee's offline snapshot as React state, refreshed as `CommitteeOffline` notifies. */
import { startTransition, useEffect, useState } from 'react';
import type { CommitteeOffline, OfflineSnapshot } from './committee-offline.js';

/** The snapshot of `offline`, or null without one ("Mon espace"). */
export function useOfflineSnapshot(offline: CommitteeOffline | null): OfflineSnapshot | null {
  const [snapshot, setSnapshot] = useState(() => offline?.snapshot() ?? null);
  useEffect(() => {
    setSnapshot(offline?.snapshot() ?? null);
    if (offline === null) return;
    // A download changes it per document: rendered after whatever the member is doing.
    return offline.subscribe(() => startTransition(() => setSnapshot(offline.snapshot())));
  }, [offline]);
  return snapshot;
}
