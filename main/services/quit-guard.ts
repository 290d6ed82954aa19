/**
 * Warning before quitting with changes the relay has not received. Nothing is lost by quitting
 * (changes are stored locally and sent at the next start), but until then the other members of
 * the committee do not see them, which matters before a meeting. So: one question, with a
 * default that keeps the app open.
 *
 * Pure state and text here; `main/index.ts` shows the dialog on `before-quit` and on closing the
 * last window.
 */
import { FR } from '../i18n/fr.js';

/** Unsynced-change counts reported by each window (`app.setUnsyncedCount`). */
export class UnsyncedChanges {
  private readonly counts = new Map<number, number>();

  /** Records the count reported by the window `senderId`. */
  set(senderId: number, count: number): void {
    if (count > 0) this.counts.set(senderId, count);
    else this.counts.delete(senderId);
  }

  /** Forgets a window that was closed or reloaded. */
  forget(senderId: number): void {
    this.counts.delete(senderId);
  }

  /** Changes not yet synced, all windows together. */
  total(): number {
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    return sum;
  }
}

/** What to do with an attempt to quit (or to close the last window). */
export type QuitAttempt = 'proceed' | 'ask' | 'wait';

/**
 * Decides each quit attempt. `ask`: prevent it and show the dialog; `wait`: prevent it, a dialog
 * is already open (Cmd+Q pressed twice, or `before-quit` then the window's `close`);
 * `proceed`: let it happen.
 */
export class QuitGuard {
  private state: 'idle' | 'asking' | 'confirmed' = 'idle';

  /** @param unsynced the counts to consult */
  constructor(private readonly unsynced: UnsyncedChanges) {}

  /** Called on every attempt; see {@link QuitAttempt}. */
  attempt(): QuitAttempt {
    if (this.state === 'confirmed') return 'proceed';
    if (this.state === 'asking') return 'wait';
    if (this.unsynced.total() === 0) return 'proceed';
    this.state = 'asking';
    return 'ask';
  }

  /** Records the user's answer; after `true` every attempt proceeds. */
  answer(quitAnyway: boolean): void {
    this.state = quitAnyway ? 'confirmed' : 'idle';
  }
}

/** Index of "Quitter quand même" in {@link quitDialog}'s buttons. */
export const QUIT_ANYWAY = 0;

/** The question, for Electron's `dialog.showMessageBox`. */
export function quitDialog(count: number) {
  return {
    type: 'warning' as const,
    title: FR.quit.title,
    message: FR.quit.message(count),
    detail: FR.quit.detail,
    buttons: [FR.quit.quitAnyway, FR.quit.cancel],
    // Enter and Escape both keep the app open: quitting must be a deliberate click.
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}
