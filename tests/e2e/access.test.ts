/**
 * An invitation the relay no longer accepts must not look like a network problem: the member is
 * told why (expired on a given date, refused by the server), that their edits stay on this
 * computer, and a new invitation for the same committee sends them. Real relay, real Chromium.
 */
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import { removeDir, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { startStaticServer, type StaticServer } from '../support/static-server.js';
import { token, type TestClaims } from '../support/tokens.js';
import { RENDERER_BUILD, seriousViolations } from './harness.js';

const WORKSPACE = 'comite';
const CLAIRE: TestClaims = { sub: 'u-claire', name: 'Claire Martin', org: 'AMF', ws: WORKSPACE };

describe('access alerts of a committee', () => {
  let relay: RelayProcess;
  let server: StaticServer;
  let browser: Browser;
  let relayUrl: string;

  const joinLink = (jwt: string): string =>
    `#open=${encodeURIComponent(`entente://join?relay=${encodeURIComponent(relayUrl)}&token=${jwt}`)}`;
  const alert = (page: Page) => page.locator('[data-access-problem]');
  const problem = (page: Page) =>
    alert(page)
      .count()
      .then((n) => (n === 0 ? null : alert(page).getAttribute('data-access-problem')));
  const alertText = (page: Page) => alert(page).textContent();
  const status = (page: Page) =>
    page.locator('[data-sync-status]').getAttribute('data-sync-status');
  const unconfirmed = async (page: Page): Promise<number> =>
    Number(await page.locator('[data-unconfirmed]').getAttribute('data-unconfirmed'));

  async function openWith(jwt: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${server.url}${joinLink(jwt)}`);
    await page.getByRole('heading', { level: 1, name: `Comité « ${WORKSPACE} »` }).waitFor();
    return page;
  }

  beforeAll(async () => {
    relay = await startRelayProcess();
    relayUrl = `ws://127.0.0.1:${relay.port}`;
    server = await startStaticServer(RENDERER_BUILD, [relayUrl]);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await relay?.stop();
    if (relay !== undefined) removeDir(relay.dataDir);
  });

  it('dates an expired invitation, keeps the edits, and sends them with a new one', async () => {
    const expiredAt = Math.floor(Date.UTC(2026, 0, 15, 9, 30) / 1000);
    const page = await openWith(token({ ...CLAIRE, exp: expiredAt }));
    await expect.poll(() => problem(page), { timeout: 15_000 }).toBe('expired');
    expect(await alertText(page)).toContain('a expiré le 15 janvier 2026');
    expect(await alertText(page)).toContain('Vos modifications restent sur cet ordinateur');
    // The claims date the expiry at once; the relay's 4401 close may come a moment later.
    await expect.poll(() => status(page), { timeout: 15_000 }).toBe('offline');
    expect(await seriousViolations(page)).toEqual([]);

    // Work goes on locally meanwhile.
    await page.getByRole('button', { name: 'Nouvelle charte' }).click();
    await page.getByRole('textbox', { name: /Texte du document/ }).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('Ajouté pendant que l’invitation était expirée.');
    await expect.poll(() => unconfirmed(page)).toBeGreaterThan(0);

    // The secretariat sends a new invitation: opening it, confirmed once the relay accepted it
    // (issue 9, point 2: never replaced silently), renews the token and sends the edits.
    await page.evaluate((hash) => (window.location.hash = hash), joinLink(token(CLAIRE)));
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Vérifier et utiliser la nouvelle' })
      .click();
    await expect.poll(() => problem(page)).toBeNull();
    await expect.poll(() => status(page), { timeout: 15_000 }).toBe('online');
    await expect.poll(() => unconfirmed(page), { timeout: 15_000 }).toBe(0);
    await page.context().close();
  });

  it('says when the relay refuses an invitation it did not sign', async () => {
    const page = await openWith(token(CLAIRE, 'another-secret-of-at-least-32-characters!'));
    await expect.poll(() => problem(page), { timeout: 15_000 }).toBe('unauthorized');
    expect(await alertText(page)).toContain('n’accepte plus votre invitation');
    await page.context().close();
  });
});
