/** A committee's offline snapshot as React state, refreshed as `CommitteeOffline` notifies. */
import { startTransition, useEffect, useState } from 'react';
import type { CommitteeOffline, OfflineSnapshot } from './committee-offline.js';
import { offlinePhase } from './offline-snapshot.js';
import { isTyping } from './typing-activity.js';

/** Options of {@link useOfflineSnapshot}. */
export interface OfflineSnapshotOptions {
  /**
   * While the member types, counts that change within the same phase are shown at most this
   * often (ms); a change of phase (done, paused…) at once. For views on screen while one
   * types, such as the header (`typing-activity.ts` says why).
   */
  readonly quietWhileTypingMs?: number;
}

/** The snapshot of `offline`, or null without one ("Mon espace"). */
export function useOfflineSnapshot(
  offline: CommitteeOffline | null,
  options: OfflineSnapshotOptions = {},
): OfflineSnapshot | null {
  const [snapshot, setSnapshot] = useState(() => offline?.snapshot() ?? null);
  const quietMs = options.quietWhileTypingMs ?? 0;
  useEffect(() => {
    setSnapshot(offline?.snapshot() ?? null);
    if (offline === null) return;
    let shown = offline.snapshot();
    let shownAt = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = (): void => {
      clearTimeout(timer);
      timer = undefined;
      shown = offline.snapshot();
      shownAt = performance.now();
      const next = shown;
      // A download changes it per document: rendered after whatever the member is doing.
      startTransition(() => setSnapshot(next));
    };
    const stop = offline.subscribe(() => {
      const wait = quietMs - (performance.now() - shownAt);
      const samePhase = offlinePhase(offline.snapshot()) === offlinePhase(shown);
      if (wait > 0 && samePhase && isTyping()) timer ??= setTimeout(show, wait);
      else show();
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [offline, quietMs]);
  return snapshot;
}
