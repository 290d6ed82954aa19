/**
 * `entente://` links reaching the app, from three places:
 * - macOS: the `open-url` event (also before `ready`, when the link launched the app);
 * - Windows and Linux, app already running: the `second-instance` event, with the new process's
 *   command line (the single-instance lock made that process quit);
 * - Windows and Linux, link launched the app: our own `process.argv`.
 *
 * Links are parsed with the shared strict parser (`shared/ipc/links.ts`) and handed to the UI
 * through {@link DeepLinkInbox}, which holds a link until the UI says it listens.
 */
import { looksLikeEntenteLink, parseEntenteLink, type LinkResult } from '../../shared/ipc/links.js';
import type { OpenLinkTarget } from '../../shared/ipc/contract.js';

/**
 * The link argument of a command line, or null. Only an argument that *starts* with the scheme
 * counts (the OS passes the link as one argument); the last one wins if a launcher passes
 * several, as the newest is the one the user just clicked.
 */
export function findLinkArgument(argv: readonly string[]): string | null {
  let found: string | null = null;
  for (const argument of argv) if (looksLikeEntenteLink(argument)) found = argument;
  return found;
}

/**
 * Holds links for the UI. Until the UI has called `links.takePendingLink` (which it does after
 * subscribing to `onOpenLink`), links wait here, the newest replacing an older one (the user
 * wants what they clicked last); afterwards they are delivered at once. When the page reloads,
 * {@link pause} makes links wait again until the new page asks.
 */
export class DeepLinkInbox {
  private pending: OpenLinkTarget | null = null;
  private listening = false;

  /** @param deliver sends a target to the UI (the `links.onOpenLink` event) */
  constructor(private readonly deliver: (target: OpenLinkTarget) => void) {}

  /** Parses a raw link and queues or delivers it; returns the parse result for logging. */
  receive(link: string): LinkResult {
    const result = parseEntenteLink(link);
    if (!result.ok) return result;
    if (this.listening) this.deliver(result.target);
    else this.pending = result.target;
    return result;
  }

  /** The waiting link, once; from now on links are delivered as events. */
  takePending(): OpenLinkTarget | null {
    const pending = this.pending;
    this.pending = null;
    this.listening = true;
    return pending;
  }

  /** The UI is (re)loading and not listening any more: queue links again. */
  pause(): void {
    this.listening = false;
  }
}
