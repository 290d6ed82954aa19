/**
 * What tells the sync engine that now is a good moment to reconnect, and whether the network is
 * there at all: a committee member's laptop comes back from sleep on a train, or its wifi
 * returns, and their edits must reach the relay at once rather than when a backoff timer says.
 *
 * - `online` (the browser saw a network interface come back);
 * - the page becoming visible again (`visibilitychange`): a window brought back to the
 *   foreground, where timers may have been throttled for minutes;
 * - the shell's resume (`bridge.app.onResume`: Electron's powerMonitor resume / unlock-screen, a
 *   thawed page in the browser): sockets may be dead without knowing it.
 */
import type { ResumeEvent, Unsubscribe } from '../../shared/ipc/contract.js';

/** Why the engine is asked to check its connection now. */
export type WakeReason = 'online' | 'visible' | 'resume';

/** The network as the sync engine sees it. */
export interface NetworkSignals {
  /** False when the browser knows there is no network (then retries can wait for `online`). */
  online(): boolean;
  /** Calls `listener` on every wake-up; returns the unsubscribe function. */
  onWake(listener: (reason: WakeReason) => void): Unsubscribe;
}

/** The shell's resume event (`bridge.app.onResume`), when there is a shell to ask. */
export type ResumeSubscription = (listener: (event: ResumeEvent) => void) => Unsubscribe;

/** The signals of the page `host`, plus the shell's resume events when given. */
export function pageNetworkSignals(host: Window, onResume?: ResumeSubscription): NetworkSignals {
  return {
    online: () => host.navigator.onLine !== false,
    onWake(listener) {
      const onOnline = (): void => listener('online');
      const onVisibility = (): void => {
        if (host.document.visibilityState === 'visible') listener('visible');
      };
      host.addEventListener('online', onOnline);
      host.document.addEventListener('visibilitychange', onVisibility);
      const stopResume = onResume?.(() => listener('resume'));
      return () => {
        host.removeEventListener('online', onOnline);
        host.document.removeEventListener('visibilitychange', onVisibility);
        stopResume?.();
      };
    },
  };
}
