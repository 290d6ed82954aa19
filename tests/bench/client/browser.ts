/**
 * One Chromium per profile, as the tests start it (Debian's build, `tests/support/chromium.ts`),
 * with a persistent profile directory: IndexedDB then lives on disk as in the desktop app, where
 * a fresh Playwright context would keep it in memory. Closing the browser and launching it again
 * on the same directory is how a round starts cold.
 */
import { chromium, type BrowserContext, type Page } from 'playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../support/chromium.js';
import type { ProbeConfig } from './page/api.js';
import { PROBE_SCRIPT } from './web-root.js';

/** A browser on one profile, with one page. */
export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and page errors so far, except failed WebSocket connections. */
  readonly errors: string[];
  /** Failed WebSocket connections (the console reports each; expected while offline). */
  socketFailures(): number;
  close(): Promise<void>;
}

/** The size of a laptop screen: what the editor lays out matters to paint times. */
const VIEWPORT = { width: 1366, height: 768 } as const;

/**
 * Launches Chromium on `profileDir`. With `probe`, every page of it gets the probe (and its
 * configuration) before the page's own scripts run.
 */
export async function launchProfile(
  profileDir: string,
  probe?: { readonly config: ProbeConfig | null },
): Promise<BrowserSession> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    locale: 'fr-FR',
    viewport: VIEWPORT,
  });
  if (probe !== undefined) {
    await context.addInitScript((config) => {
      if (config !== null) window.ententeProbeConfig = config;
    }, probe.config);
    await context.addInitScript({ path: PROBE_SCRIPT });
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  let socketFailures = 0;
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Counted, not listed: they are expected offline, and their URLs carry the token.
    if (message.text().startsWith('WebSocket connection to')) socketFailures += 1;
    else errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    context,
    page,
    errors,
    socketFailures: () => socketFailures,
    close: () => context.close(),
  };
}
