/**
 * `settings` namespace. A new relay URL is applied only after the user approves it in a dialog
 * main shows itself: the relay's origin goes into the CSP's `connect-src`, so a script injected
 * into a page must not be able to add a destination for itself. Removing the relay (null) only
 * narrows the policy and needs no approval.
 */
import type {
  NamespaceHandlers,
  RelayChange,
  Settings,
  SettingsPatch,
} from '../../../shared/ipc/contract.js';
import { SerialQueue } from '../../services/atomic-file.js';
import type { SettingsStore } from '../../services/settings-store.js';

/** What the `settings` handlers need. */
export interface SettingsHandlerDependencies {
  /** The settings file. */
  readonly store: SettingsStore;
  /** Asks the user whether to use this relay (a normalised `wss:` URL); resolves the answer. */
  readonly confirmRelayChange: (relayUrl: string) => Promise<boolean>;
}

/** The `settings` namespace. */
export function createSettingsHandlers(deps: SettingsHandlerDependencies) {
  // One update at a time: a second call waiting for the first one's dialog must merge into the
  // settings the first one produced, not into the ones it read before.
  const queue = new SerialQueue();

  const update = async (patch: SettingsPatch) => {
    const current = deps.store.get();
    let relayChange: RelayChange = 'unchanged';
    let relayUrl = current.relayUrl;
    if (patch.relayUrl !== undefined && patch.relayUrl !== current.relayUrl) {
      const approved = patch.relayUrl === null || (await deps.confirmRelayChange(patch.relayUrl));
      relayChange = approved ? 'applied' : 'declined';
      if (approved) relayUrl = patch.relayUrl;
    }
    const next: Settings = {
      relayUrl,
      lastWorkspace:
        patch.lastWorkspace === undefined ? current.lastWorkspace : patch.lastWorkspace,
    };
    const changed =
      next.relayUrl !== current.relayUrl || next.lastWorkspace !== current.lastWorkspace;
    const settings = changed ? await deps.store.replace(next) : current;
    return { settings, relayChange, reloadRequired: relayChange === 'applied' };
  };

  return {
    get: () => deps.store.get(),
    set: (_context, patch) => queue.run(() => update(patch)),
  } satisfies NamespaceHandlers<'settings'>;
}
