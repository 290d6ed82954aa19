/**
 * A full disk while typing: Chromium's quota for the app's origin is lowered through the DevTools
 * protocol (before the app opens IndexedDB, which reads the quota once), so the app's own writes
 * fail with a real `QuotaExceededError`. The member must be told at once, with how many changes
 * are held and not to close the app; once space is back the writes go through by themselves,
 * the alert goes, and a reload shows everything.
 */
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import { startStaticServer, type StaticServer } from '../support/static-server.js';
import { createDocument, RENDERER_BUILD, seriousViolations, waitSaved } from './harness.js';

const QUOTA = 1024 * 1024;
/** Words of random letters: text the storage cannot compress below the quota. */
function randomWords(length: number): string {
  let text = '';
  while (text.length < length) {
    text += Math.random().toString(36).slice(2, 10).replace(/\d/g, 'e') + ' ';
  }
  return text.slice(0, length);
}

describe('storage alert', () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startStaticServer(RENDERER_BUILD);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const problem = async (page: Page): Promise<string | null> => {
    const alert = page.locator('[data-storage-problem]');
    return (await alert.count()) === 0 ? null : alert.getAttribute('data-storage-problem');
  };

  it('warns while writes fail for lack of space, then clears and keeps every word', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const devtools = await context.newCDPSession(page);
    const origin = new URL(server.url).origin;
    await devtools.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: QUOTA });
    await page.goto(server.url);
    await createDocument(page, 'Nouvelle charte');
    await waitSaved(page);
    expect(await problem(page)).toBeNull();

    const big = randomWords(2 * QUOTA);
    await page.getByRole('textbox', { name: /Texte du document/ }).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText(big);
    await expect.poll(() => problem(page), { timeout: 15_000 }).toBe('quota');
    const text = (await page.locator('[data-storage-problem]').textContent()) ?? '';
    expect(text).toContain('l’espace disque est épuisé');
    expect(text).toMatch(/\d+\u00a0modifications? (est|sont) gardées? en mémoire/);
    expect(text).toContain('Ne fermez pas l’application');
    await page.locator('[data-save-state="failed"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Space comes back (the user freed some): the retry gets through without any action.
    await devtools.send('Storage.overrideQuotaForOrigin', { origin });
    await expect.poll(() => problem(page), { timeout: 45_000 }).toBeNull();
    await waitSaved(page);
    await page.reload();
    await page.getByRole('textbox', { name: /Texte du document/ }).waitFor();
    const reread = await page.locator('.document-text').textContent();
    expect(reread).toContain(big.slice(0, 200));
    expect(reread).toContain(big.slice(-200));
    await context.close();
  });
});
