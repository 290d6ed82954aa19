/**
 * `app` namespace: information about the application, external links, unsynced-change counts.
 */
import type { AppInfo, NamespaceHandlers } from '../../../shared/ipc/contract.js';
import type { UnsyncedChanges } from '../../services/quit-guard.js';

/** What the `app` handlers need. */
export interface AppHandlerDependencies {
  /** Fixed for the process lifetime. */
  readonly info: AppInfo;
  /** `openExternalSafely` bound to Electron's shell (refuses all but https and mailto). */
  readonly openExternalSafely: (url: string) => Promise<boolean>;
  /** Where each window's count is kept for the quit guard. */
  readonly unsynced: UnsyncedChanges;
}

/** The `app` namespace. */
export function createAppHandlers(deps: AppHandlerDependencies) {
  return {
    getInfo: () => deps.info,
    openExternal: (_context, url) => deps.openExternalSafely(url),
    setUnsyncedCount: (context, count) => {
      deps.unsynced.set(context.senderId, count);
    },
  } satisfies NamespaceHandlers<'app'>;
}
