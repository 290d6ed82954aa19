/**
 * Shared setup of the e2e tests: Debian's Chromium driven by Playwright against the built
 * renderer (`dist/renderer`, produced by `npm run build`), served on loopback with the app's CSP.
 * Every `openApp()` gets a fresh browser context, hence an empty IndexedDB: tests never share
 * documents.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer, type StaticServer } from '../support/static-server.js';

/** The renderer build served to the browser. */
export const RENDERER_BUILD = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

/** A browser with the app open in one page. */
export interface AppSession {
  /** The page showing the app. */
  readonly page: Page;
  /** Its context (one IndexedDB per context). */
  readonly context: BrowserContext;
  /** Base URL of the app. */
  readonly url: string;
  /** Console errors and page errors seen so far (CSP violations are reported there). */
  readonly errors: string[];
  /** Closes page, browser and server. */
  close(): Promise<void>;
}

/** Starts the server and a browser, and opens the app's home screen. */
export async function openApp(): Promise<AppSession> {
  const server: StaticServer = await startStaticServer(RENDERER_BUILD);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const opened = browser;
    return {
      page,
      context,
      url: server.url,
      errors,
      close: async () => {
        await opened.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}

/** Creates a document from the home screen with the button named `buttonName`; waits for the editor. */
export async function createDocument(page: Page, buttonName: string): Promise<void> {
  await page.getByRole('button', { name: buttonName }).click();
  await page.getByRole('textbox', { name: /Texte du document|Text of the document/ }).waitFor();
}

/** Waits until the editor says every change is stored in IndexedDB. */
export async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-save-state="saved"]').waitFor();
}

/** The article labels shown before the headings of the open document, in order. */
export async function articleLabels(page: Page): Promise<string[]> {
  return page
    .locator('.document-text [data-article-label]')
    .evaluateAll((nodes) =>
      nodes.map(
        (node) => `${node.getAttribute('data-article-label') ?? ''}${node.textContent ?? ''}`,
      ),
    );
}

/**
 * axe's serious and critical violations on the page, under the WCAG 2.1 A/AA rules RGAA 4 maps
 * onto; each as "rule: help (targets)".
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Console errors and page errors of `page` from now on (CSP violations are reported there). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/**
 * Screenshots of the page at 1280×800 and 400 px wide (`ENTENTE_SCREENSHOTS_NARROW` for
 * another narrow width), named `<name>-1280.png` and `<name>-<narrow>.png`, into
 * `ENTENTE_SCREENSHOTS_DIR` when it is set: for people to look at a screen (DEVELOPERS.md,
 * "Look at what you build"); no test depends on them, so by default nothing is written.
 * `fullPage` takes the whole page, not only its first 800 px (a list).
 */
export async function screenshots(
  page: Page,
  name: string,
  options: { readonly fullPage?: boolean } = {},
): Promise<void> {
  const dir = process.env.ENTENTE_SCREENSHOTS_DIR;
  if (dir === undefined || dir === '') return;
  mkdirSync(dir, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.setViewportSize({ width: 1280, height: 800 });
  const fullPage = options.fullPage ?? false;
  await page.screenshot({ path: join(dir, `${name}-1280.png`), fullPage });
  // The narrow width: 400 px unless ENTENTE_SCREENSHOTS_NARROW says otherwise (a phone: 360).
  const narrow = Number(process.env.ENTENTE_SCREENSHOTS_NARROW ?? '') || 400;
  await page.setViewportSize({ width: narrow, height: 800 });
  await page.screenshot({ path: join(dir, `${name}-${narrow}.png`), fullPage });
  await page.setViewportSize(size);
}
