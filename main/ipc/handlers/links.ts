/**
 * `links` namespace: the `entente://` link that launched the app or arrived before the UI was
 * listening. Later links are pushed with the `links.onOpenLink` event by `DeepLinkInbox`.
 */
import type { NamespaceHandlers } from '../../../shared/ipc/contract.js';
import type { DeepLinkInbox } from '../../services/deep-links.js';

/** The `links` namespace over the app's inbox. */
export function createLinksHandlers(inbox: DeepLinkInbox) {
  return {
    takePendingLink: () => inbox.takePending(),
  } satisfies NamespaceHandlers<'links'>;
}
