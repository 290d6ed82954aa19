/**
 * Every Electron hardening rule of the app, in one place (STYLE rule 14). Each rule cites the
 * item of the Electron security checklist it implements
 * (https://www.electronjs.org/docs/latest/tutorial/security, "Checklist: Security
 * recommendations"; items quoted by title because the numbering has moved between versions).
 *
 * The decisions are pure functions of strings (tested in Node, `security.test.ts`); the glue at
 * the bottom only wires them to Electron objects passed in by the composition root, and imports
 * Electron's types only, so this module loads without the Electron binary.
 *
 * Not here because they are not runtime code: the Electron fuses (`build/fuses.js`, checklist
 * "Check which fuses you can change") and the app protocol itself (`main/protocol/`).
 */
import type { App, Session, Shell, WebContents, WebPreferences } from 'electron';
import { parseRelayUrl } from '../../shared/ipc/relay-url.js';
import { MAX_EXTERNAL_URL_LENGTH } from '../../shared/ipc/validate.js';
import { webAppPolicy } from '../../shared/web/content-security-policy.js';
import { isAppUrl, tryParseUrl } from '../protocol/app-origin.js';

/** What to do with a navigation or a `window.open`. */
export type NavigationDecision =
  | { readonly action: 'allow' }
  | { readonly action: 'deny'; readonly openExternally: string | null };

/** The frame an IPC message came from (Electron's `WebFrameMain`, or null once it is gone). */
export interface SenderFrame {
  /** URL of the frame's document. */
  readonly url: string;
  /** Parent frame, null for a window's main frame. */
  readonly parent: unknown;
}

/** Fields a `mailto:` link may carry; anything else (e.g. `attach=`) is refused. */
const MAILTO_FIELDS = new Set(['to', 'cc', 'bcc', 'subject', 'body']);

/**
 * The URL to hand to the operating system, or null to refuse it. Only `https:` (to a host, no
 * credentials) and `mailto:` (only the standard fields) pass; the URL is re-parsed and the
 * re-serialised form is returned, so what the OS receives is exactly what was checked.
 *
 * Checklist: "Do not use shell.openExternal with untrusted content". `file:`, `smb:`, custom
 * app schemes and `javascript:` can run programs or leak credentials; `http:` is refused as
 * well ("Only load secure content"). `mailto:` fields beyond the standard ones are refused
 * because some mail clients honour `attach=` with a local path.
 */
export function safeExternalUrl(url: string): string | null {
  if (url.length > MAX_EXTERNAL_URL_LENGTH) return null;
  const parsed = tryParseUrl(url);
  if (parsed === null || parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.protocol === 'https:') return parsed.hostname === '' ? null : parsed.href;
  if (parsed.protocol === 'mailto:') {
    for (const field of parsed.searchParams.keys()) {
      if (!MAILTO_FIELDS.has(field.toLowerCase())) return null;
    }
    return parsed.href;
  }
  return null;
}

/**
 * A top-level navigation (`will-navigate`): allowed inside the app's origin only. A link to an
 * https page the user clicked (a link in a document) is opened in the system browser instead.
 *
 * Checklist: "Disable or limit navigation" — a renderer navigated to a foreign page would keep
 * the preload's bridge.
 */
export function navigationDecision(url: string): NavigationDecision {
  if (isAppUrl(url)) return { action: 'allow' };
  return { action: 'deny', openExternally: safeExternalUrl(url) };
}

/**
 * A redirect (`will-redirect`) or a sub-frame navigation (`will-frame-navigate`): allowed inside
 * the app's origin only, and never forwarded to the browser (the user did not ask for the target).
 *
 * Checklist: "Disable or limit navigation".
 */
export function redirectDecision(url: string): NavigationDecision {
  return isAppUrl(url) ? { action: 'allow' } : { action: 'deny', openExternally: null };
}

/**
 * `window.open` and `target="_blank"` links: a new app window for our own origin (it gets the
 * same hardened preferences, see {@link hardenWebContents}); https and mailto links go to the
 * system browser or mail client; anything else is refused.
 *
 * Checklist: "Disable or limit creation of new windows".
 */
export function windowOpenDecision(url: string): NavigationDecision {
  return navigationDecision(url);
}

/**
 * True when an IPC message may be acted on: it comes from the main frame of a page of the app.
 * Sub-frames are refused even from our origin (the UI has none; one would be injected content),
 * and a frame that has navigated away or been destroyed (null) is refused.
 *
 * Checklist: "Validate the sender of all IPC messages".
 */
export function isTrustedSender(frame: SenderFrame | null): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/**
 * Permissions the app grants to its own pages: none. The UI needs no camera, microphone,
 * geolocation, notifications, MIDI, HID, serial or clipboard-read permission; copy and paste
 * work through the editor's clipboard events, which need none. Should a feature ever need one,
 * add it here, with the reason, and a test.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set<string>();

/**
 * Whether a permission request or check is granted. Electron grants every permission when no
 * handler is set.
 *
 * Checklist: "Handle session permission requests from remote content".
 */
export function isPermissionGranted(permission: string): boolean {
  return GRANTED_PERMISSIONS.has(permission);
}

/**
 * The `webPreferences` of every window, main or child: the one definition, so no window can be
 * created with weaker settings.
 */
export function buildWebPreferences(options: {
  /** Absolute path of the bundled preload (`index.cjs`). */
  readonly preloadPath: string;
  /** DevTools are available in development builds only. */
  readonly devTools: boolean;
}): WebPreferences {
  return {
    preload: options.preloadPath,
    // Checklist "Enable process sandboxing" (also enforced for every renderer by
    // `app.enableSandbox()` in enableGlobalSandbox).
    sandbox: true,
    // Checklist "Enable context isolation": the page cannot reach the preload's globals.
    contextIsolation: true,
    // Checklist "Do not enable Node.js integration for remote content", in every kind of frame.
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    // Checklist "Do not disable webSecurity" and "Do not enable allowRunningInsecureContent".
    webSecurity: true,
    allowRunningInsecureContent: false,
    // Checklist "Do not enable experimental features"; `enableBlinkFeatures` is never set
    // ("Do not use enableBlinkFeatures").
    experimentalFeatures: false,
    // Checklist "Verify WebView options before creation": no <webview> at all.
    webviewTag: false,
    // A file or link dropped on the window must not navigate it away ("Disable or limit
    // navigation"); the editor handles drops itself.
    navigateOnDragDrop: false,
    // A page cannot trap the user in an endless series of alert() dialogs.
    safeDialogs: true,
    devTools: options.devTools,
    spellcheck: true,
  };
}

/** A CSP source expression for a relay: `ws(s)://host[:port]`, lower-case, nothing else. */
const RELAY_SOURCE = /^wss?:\/\/(?:[a-z0-9_.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

/**
 * The Content-Security-Policy of every page and worker the app protocol serves: `webAppPolicy`
 * (`shared/web/content-security-policy.ts`), which the relay also sends with the web app, with
 * the configured relay as the one connect source.
 *
 * Checklist: "Define a Content-Security-Policy". Decisions:
 * - `script-src 'self'`: no inline script, no `eval`/`new Function` (no 'unsafe-eval', no
 *   'wasm-unsafe-eval'); Vite's production build needs neither.
 * - `connect-src 'self'` plus the configured relay's origin only — its ws(s) origin and the
 *   http(s) one of the same host, for the link's reachability probe (`GET /healthz`,
 *   `renderer/sync/relay-probe.ts`): a script injected into a document cannot send it anywhere
 *   else. The relay comes from settings, and changing it needs
 *   the user's approval in a main-process dialog (`main/ipc/handlers/settings.ts`).
 * - `style-src 'self'` with `style-src-attr 'unsafe-inline'`: ProseMirror and Tiptap write
 *   `style="…"` attributes (text alignment, collaboration carets, table column widths) with
 *   `setAttribute`, which a CSP without 'unsafe-inline' blocks. Allowing inline *attributes*
 *   only keeps `<style>` elements out (Tiptap's `injectCSS` must be off; its CSS is bundled).
 *   Style attributes cannot run script, and `img-src`/`font-src`/`connect-src` stop a style from
 *   exfiltrating through `url()` to a foreign host.
 * - No Trusted Types (`require-trusted-types-for`): ProseMirror's clipboard parser assigns
 *   `innerHTML` on a detached document, which Trusted Types would break without a policy the
 *   renderer does not have yet.
 * - `object-src`, `frame-src`, `base-uri`, `form-action`, `frame-ancestors`: 'none'.
 */
export function buildCsp(options: { readonly relayOrigins: readonly string[] }): string {
  for (const origin of options.relayOrigins) {
    // Defence in depth: origins come from parseRelayUrl, but a `;` or a quote here would add a
    // directive, so anything that is not a bare ws(s) origin stops the policy from being built.
    if (!RELAY_SOURCE.test(origin))
      throw new Error(`not a relay origin: ${JSON.stringify(origin)}`);
  }
  return webAppPolicy(options.relayOrigins.flatMap((origin) => [origin, httpOriginOf(origin)]));
}

/** The http(s) origin of the same host as a ws(s) one: `wss://h:1` → `https://h:1`. */
function httpOriginOf(wsOrigin: string): string {
  return wsOrigin.replace(/^ws/i, 'http');
}

/** The CSP origins of the configured relay: none when no (valid) relay is set. */
export function relayOriginsOf(relayUrl: string | null): string[] {
  if (relayUrl === null) return [];
  const relay = parseRelayUrl(relayUrl);
  return relay.ok ? [relay.origin] : [];
}

// ————— Electron glue: thin, type-checked, exercised by running the app —————

/** What the web-contents guards need from the composition root. */
export interface GuardOptions {
  /** Preferences for child windows of our own origin (see {@link buildWebPreferences}). */
  readonly webPreferences: WebPreferences;
  /**
   * Hands a URL to the OS. It only ever receives what {@link safeExternalUrl} returned; bind it
   * to {@link openExternalSafely} anyway, so the check holds even if a caller changes.
   */
  readonly openInSystem: (url: string) => void;
  /** Reports a refused navigation, window or webview. */
  readonly log: (message: string) => void;
}

/**
 * Sandboxes every renderer, whatever its `webPreferences` say. Must run before `ready`.
 * Checklist: "Enable process sandboxing".
 */
export function enableGlobalSandbox(app: Pick<App, 'enableSandbox'>): void {
  app.enableSandbox();
}

/** Installs {@link hardenWebContents} on every web contents the app ever creates. */
export function guardAllWebContents(app: Pick<App, 'on'>, options: GuardOptions): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, options));
}

/** Applies the navigation, window and webview rules to one web contents. */
export function hardenWebContents(contents: WebContents, options: GuardOptions): void {
  const apply = (decision: NavigationDecision, event: { preventDefault(): void }, url: string) => {
    if (decision.action === 'allow') return;
    event.preventDefault();
    if (decision.openExternally !== null) options.openInSystem(decision.openExternally);
    else options.log(`refused navigation to ${url}`);
  };
  // Checklist "Disable or limit navigation": top level, redirects and sub-frames.
  contents.on('will-navigate', (event) => apply(navigationDecision(event.url), event, event.url));
  contents.on('will-redirect', (event) => apply(redirectDecision(event.url), event, event.url));
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) apply(redirectDecision(event.url), event, event.url);
  });
  // Checklist "Disable or limit creation of new windows".
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.action === 'allow') {
      return {
        action: 'allow',
        overrideBrowserWindowOptions: { webPreferences: options.webPreferences },
      };
    }
    if (decision.openExternally !== null) options.openInSystem(decision.openExternally);
    else options.log(`refused window for ${url}`);
    return { action: 'deny' };
  });
  // Checklist "Verify WebView options before creation": the app has no <webview>.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    options.log('refused a <webview>');
  });
}

/**
 * Refuses every permission request and check in a session.
 * Checklist: "Handle session permission requests from remote content".
 */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(isPermissionGranted(permission));
  });
  session.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
  session.setDevicePermissionHandler(() => false);
}

/**
 * Opens `url` with the OS if {@link safeExternalUrl} accepts it; resolves whether it did.
 * Checklist: "Do not use shell.openExternal with untrusted content".
 */
export async function openExternalSafely(
  shell: Pick<Shell, 'openExternal'>,
  url: string,
): Promise<boolean> {
  const safe = safeExternalUrl(url);
  if (safe === null) return false;
  await shell.openExternal(safe);
  return true;
}
