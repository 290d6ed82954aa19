/**
 * A crash loses nothing the editor said was saved. The app runs in Chromium on a profile on disk
 * (as the desktop app keeps IndexedDB); the whole browser is killed with SIGKILL — no unload
 * handler, no IndexedDB shutdown — then started again on the same profile: the document and every
 * character are there. And when only the page's renderer process crashes, the same.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import { removeDir, tempDir } from '../support/relay-process.js';
import { startStaticServer, type StaticServer } from '../support/static-server.js';
import { documentText } from './committee-rig.js';
import { createDocument, RENDERER_BUILD, waitSaved } from './harness.js';

/** The agreement template's title (`shared/schema/templates.ts`). */
const TITLE = 'Convention de partenariat';

/** Pids of the processes with `argument` on their command line (Linux `/proc`). */
function processesNaming(argument: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes(argument)) pids.push(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return pids;
}

describe('a crash', () => {
  let server: StaticServer;
  let profile: string;
  let context: BrowserContext | undefined;

  const launch = async (): Promise<Page> => {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
      locale: 'fr-FR',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    return page;
  };

  /** SIGKILL to the browser on our profile: the processes whose command line names it. */
  const killBrowser = async (): Promise<void> => {
    const closed = new Promise((ok) => context!.once('close', ok));
    const killed = processesNaming(`--user-data-dir=${profile}`);
    expect(killed.length).toBeGreaterThan(0);
    for (const pid of killed) process.kill(pid, 'SIGKILL');
    await closed;
    context = undefined;
  };

  const openTitled = async (page: Page): Promise<void> => {
    await page.getByRole('main').getByRole('link', { name: TITLE }).click();
    await page.getByRole('textbox', { name: /Texte du document/ }).waitFor();
  };

  beforeAll(async () => {
    server = await startStaticServer(RENDERER_BUILD);
    profile = tempDir('entente-crash-');
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    removeDir(profile);
  });

  it(
    'of the whole browser keeps the document and what was typed',
    { timeout: 60_000 },
    async () => {
      const page = await launch();
      await createDocument(page, 'Nouvelle convention');
      await page.getByRole('textbox', { name: /Texte du document/ }).click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(' Clause ajoutée avant la panne.');
      await waitSaved(page);
      const typed = await documentText(page);
      await killBrowser();

      const again = await launch();
      await openTitled(again);
      await expect.poll(() => documentText(again)).toBe(typed);
      expect(typed).toContain('Clause ajoutée avant la panne.');
    },
  );

  it('of the page alone keeps what was typed', { timeout: 60_000 }, async () => {
    // The page the first case reopened on the document.
    const page = context!.pages()[0]!;
    await page.getByRole('textbox', { name: /Texte du document/ }).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Puis une autre.');
    await waitSaved(page);
    const typed = await documentText(page);
    const cdp = await context!.newCDPSession(page);
    const crashed = new Promise((ok) => page.once('crash', ok));
    // The command never answers: its renderer is gone.
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;
    const fresh = await context!.newPage();
    await fresh.goto(server.url);
    await openTitled(fresh);
    await expect.poll(() => documentText(fresh)).toBe(typed);
    expect(typed).toContain('Puis une autre.');
  });
});
