/**
 * A committee for e2e tests: a real relay process behind a TCP proxy the test can cut
 * (Playwright's offline mode does not cut WebSockets), the built app served with a CSP that
 * allows the proxy's address, and Debian's Chromium. Each person joins in their own browser
 * context (own IndexedDB) through `#open=entente://join?relay=…&token=…`. Every WebSocket a page
 * opens is recorded (`JoinedPerson.sockets`), so tests can check what its URLs carry.
 */
import { chromium, type Browser, type Page } from 'playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import { removeDir, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { startStaticServer, type StaticServer } from '../support/static-server.js';
import { startProxy, type CuttableProxy } from '../support/tcp-proxy.js';
import { token, type TestClaims } from '../support/tokens.js';
import { collectErrors, RENDERER_BUILD } from './harness.js';

/** Workspace id of the rig's committee. */
export const RIG_WORKSPACE = 'comite';

/** One member's window. */
export interface Person {
  readonly page: Page;
  /** Console and page errors seen so far. */
  readonly errors: string[];
}

/** A member the rig joined: also every WebSocket URL their page opened so far. */
export interface JoinedPerson extends Person {
  readonly sockets: string[];
}

/** Options of {@link startCommitteeRig}. */
export interface CommitteeRigOptions {
  /** Extra relay environment (limits, e.g. `ENTENTE_MAX_WORKSPACE_BYTES`). */
  readonly env?: Record<string, string>;
}

/** The running rig. */
export interface CommitteeRig {
  /** The relay process (the current one after `restartRelay`). */
  readonly relay: RelayProcess;
  /**
   * Starts the relay again on the same port and data directory, after `relay.stop()` (the
   * proxy in front of it forwards to that port): a relay that went away and came back.
   */
  restartRelay(): Promise<RelayProcess>;
  /** The proxy in front of it (`cut()` / `restore()`). */
  readonly proxy: CuttableProxy;
  /** The relay's address as members use it (through the proxy). */
  readonly relayUrl: string;
  /** The app's address. */
  readonly appUrl: string;
  /** The browser, for contexts that join otherwise (the join form). */
  readonly browser: Browser;
  /** Opens the app in a new context, joined with a token for `claims`. */
  join(claims: TestClaims): Promise<JoinedPerson>;
  /** Opens the app in a new context through the join link of `jwt` (any token, forged too). */
  joinWith(jwt: string): Promise<JoinedPerson>;
  /** The location hash that opens the join link of `jwt` (for `openLink`). */
  joinHash(jwt: string): string;
  /** Stops everything. */
  close(): Promise<void>;
}

/** Starts relay, proxy, app server and browser. */
export async function startCommitteeRig(options: CommitteeRigOptions = {}): Promise<CommitteeRig> {
  let relay = await startRelayProcess({ env: options.env });
  let proxy: CuttableProxy | undefined;
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await server?.close();
    proxy?.cut();
    await proxy?.close();
    await relay.stop();
    removeDir(relay.dataDir);
  };
  try {
    proxy = await startProxy(relay.port);
    const relayUrl = `ws://127.0.0.1:${proxy.port}`;
    const app = await startStaticServer(RENDERER_BUILD, [relayUrl]);
    server = app;
    const opened = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
    });
    browser = opened;
    const joinHash = (jwt: string): string =>
      `#open=${encodeURIComponent(`entente://join?relay=${encodeURIComponent(relayUrl)}&token=${jwt}`)}`;
    const joinWith = async (jwt: string): Promise<JoinedPerson> => {
      const context = await opened.newContext({ locale: 'fr-FR' });
      const page = await context.newPage();
      const errors = collectErrors(page);
      const sockets: string[] = [];
      page.on('websocket', (socket) => sockets.push(socket.url()));
      await page.goto(`${app.url}${joinHash(jwt)}`);
      await page.getByRole('heading', { level: 1, name: `Comité « ${RIG_WORKSPACE} »` }).waitFor();
      return { page, errors, sockets };
    };
    const join = (claims: TestClaims): Promise<JoinedPerson> =>
      joinWith(token({ ws: RIG_WORKSPACE, ...claims }));
    const restartRelay = async (): Promise<RelayProcess> => {
      await relay.stop();
      relay = await startRelayProcess({
        env: options.env,
        port: relay.port,
        dataDir: relay.dataDir,
      });
      return relay;
    };
    return {
      get relay() {
        return relay;
      },
      restartRelay,
      proxy,
      relayUrl,
      appUrl: app.url,
      browser: opened,
      join,
      joinWith,
      joinHash,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The accessible name of the document editor. */
export const TEXT = { name: /Texte du document/ } as const;

/** The document's text, block by block, without other people's caret labels. */
export const documentText = (page: Page): Promise<string> =>
  page.locator('.document-text').evaluate((node) =>
    Array.from(node.children)
      .map((block) => {
        const copy = block.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
        return copy.textContent ?? '';
      })
      .join('\n'),
  );

/** The header's count of changes the relay has not confirmed. */
export const unconfirmed = async (page: Page): Promise<number> =>
  Number(await page.locator('[data-unconfirmed]').getAttribute('data-unconfirmed'));

/** The kind of access problem the committee's alert shows (`data-access-problem`), or null. */
export const accessProblem = async (page: Page): Promise<string | null> => {
  const alert = page.locator('[data-access-problem]');
  return (await alert.count()) === 0 ? null : alert.getAttribute('data-access-problem');
};

/** The header's connection state (`online`, `offline`, `syncing`). */
export const syncStatus = (page: Page): Promise<string | null> =>
  page.locator('[data-sync-status]').getAttribute('data-sync-status');

/** How many times `needle` occurs in `haystack`. */
export const occurrences = (haystack: string, needle: string): number =>
  haystack.split(needle).length - 1;

/** Types `value` at the end (or start) of the document. */
export async function typeAt(page: Page, where: 'end' | 'start', value: string): Promise<void> {
  await page.getByRole('textbox', TEXT).click();
  await page.keyboard.press(where === 'end' ? 'Control+End' : 'Control+Home');
  await page.keyboard.type(value);
}

/** Opens a join link in `page`, as clicking it in a mail would (the app is already open). */
export async function openLink(page: Page, hash: string): Promise<void> {
  await page.evaluate((value) => (window.location.hash = value), hash);
}
