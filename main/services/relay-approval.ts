/**
 * The question main asks before the app may sync with a new relay (see
 * `ipc/handlers/settings.ts` for why the page cannot decide this alone). Pure: the composition
 * root passes the result to Electron's `dialog.showMessageBox`.
 */
import { FR } from '../i18n/fr.js';

/** Index of "Se connecter" in {@link relayChangeDialog}'s buttons. */
export const APPROVE_RELAY = 0;

/**
 * The dialog for `relayUrl` (already validated and normalised). It names the host only: that is
 * what the user can recognise, and the path or port are not what they are trusting. An
 * internationalised host is shown in punycode, as normalised, so a look-alike of a familiar name
 * (Cyrillic `а` for Latin `a`) shows as the `xn--` string it is.
 */
export function relayChangeDialog(relayUrl: string) {
  return {
    type: 'question' as const,
    title: FR.relay.title,
    message: FR.relay.message(new URL(relayUrl).hostname),
    detail: FR.relay.detail,
    buttons: [FR.relay.confirm, FR.relay.cancel],
    // Enter and Escape both refuse: a new relay must be a deliberate click.
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}
