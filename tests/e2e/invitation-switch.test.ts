/**
 * [Issue 9, point 2] A join link for a committee already joined never replaces the invitation
 * silently: the member sees both side by side, and the new one is used only once the relay has
 * accepted it. A forged link ("présidence", signed with a wrong secret) is refused by the relay
 * and leaves the member's committee working, across a reload; a renewed invitation goes through;
 * a relay out of reach keeps the current one. [Point 11] No WebSocket URL the app opens holds
 * the token. Real relay, real Chromium.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { token, type TestClaims } from '../support/tokens.js';
import {
  documentText,
  openLink,
  RIG_WORKSPACE,
  startCommitteeRig,
  syncStatus,
  TEXT,
  typeAt,
  unconfirmed,
  type CommitteeRig,
  type JoinedPerson,
} from './committee-rig.js';
import { screenshots, seriousViolations } from './harness.js';

const CLAIRE: TestClaims = {
  sub: 'u-claire',
  name: 'Claire Martin',
  org: 'AMF',
  ws: RIG_WORKSPACE,
};
const HUGO: TestClaims = { sub: 'u-hugo', name: 'Hugo Petit', org: 'ADF', ws: RIG_WORKSPACE };
const FORGER_SECRET = 'another-secret-of-at-least-32-characters!';

const dialogOf = (page: Page) =>
  page.getByRole('dialog', { name: `Nouvelle invitation pour le comité « ${RIG_WORKSPACE} »` });
const intro = (page: Page) => page.getByText(/Vous participez en tant que/);
const committeeHome = async (page: Page): Promise<void> => {
  await page
    .getByRole('navigation', { name: 'Espaces de travail' })
    .getByRole('link', { name: `Comité « ${RIG_WORKSPACE} »`, exact: true })
    .click();
  await intro(page).waitFor();
};
const storedTokens = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    (
      JSON.parse(localStorage.getItem('entente.memberships') ?? '[]') as Array<{ token: string }>
    ).map((m) => m.token),
  );

/** The comparison table, row by row: field, current, new. */
const rows = (page: Page): Promise<string[][]> =>
  dialogOf(page)
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.children).map((cell) => (cell.textContent ?? '').trim())),
    );

describe('[Issue 9, point 2] a join link for a committee already joined', () => {
  let rig: CommitteeRig;
  let claire: JoinedPerson;
  let hugo: JoinedPerson;
  let claireToken: string;

  beforeAll(async () => {
    rig = await startCommitteeRig();
    claireToken = token(CLAIRE);
    claire = await rig.joinWith(claireToken);
    hugo = await rig.join(HUGO);
    await claire.page.getByRole('button', { name: 'Nouvelle charte' }).click();
    await claire.page.getByRole('textbox', TEXT).waitFor();
    await typeAt(claire.page, 'end', ' Avant le lien.');
    await claire.page.locator('[data-unconfirmed="0"]').waitFor({ timeout: 15_000 });
    await committeeHome(claire.page);
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('a forged "présidence" link: both shown, the relay refuses it, nothing is replaced', async () => {
    const { page } = claire;
    const forged = token({ ...CLAIRE, role: 'chair' }, FORGER_SECRET);
    await openLink(page, rig.joinHash(forged));
    const dialog = dialogOf(page);
    await dialog.waitFor();
    // Focus is in the dialog, on its title.
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(
      true,
    );
    const table = await rows(page);
    expect(table.map((row) => row[0])).toEqual([
      'Nom',
      'Organisation',
      'Rôle',
      'Serveur',
      'Expire le',
    ]);
    expect(table[0]).toEqual(['Nom', 'Claire Martin', 'Claire Martin']);
    expect(table[1]).toEqual(['Organisation', 'AMF', 'AMF']);
    expect(table[2]).toEqual(['Rôle', 'membre', 'présidencemodifié']);
    expect(table[3]).toEqual(['Serveur', `${rig.relayUrl}/`, `${rig.relayUrl}/`]);
    expect(table[4]?.[1]).toMatch(/\d{4}/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'switch-dialog');

    await dialog.getByRole('button', { name: 'Vérifier et utiliser la nouvelle' }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.filter({ hasText: 'Le serveur refuse la nouvelle invitation' }).waitFor();
    expect(await refusal.textContent()).toContain(
      'elle n’a pas été émise par ce serveur (signature invalide). Votre invitation actuelle est conservée.',
    );
    // Focus moved to the one button left.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Fermer');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'switch-refused');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });

    expect(await intro(page).textContent()).toMatch(/Claire Martin \(AMF\), rôle\s:\smembre/);
    expect(await storedTokens(page)).toEqual([claireToken]);
    expect(await syncStatus(page)).toBe('online');
  });

  it('after a reload the committee still works: her edits reach another member', async () => {
    const { page } = claire;
    await page.reload();
    await intro(page).waitFor();
    expect(await intro(page).textContent()).toMatch(/rôle\s:\smembre/);
    await page.getByRole('main').getByRole('link', { name: 'Charte du comité' }).click();
    await page.getByRole('textbox', TEXT).waitFor();
    await expect.poll(() => syncStatus(page), { timeout: 15_000 }).toBe('online');
    await typeAt(page, 'end', ' Après le rechargement.');
    await expect.poll(() => unconfirmed(page), { timeout: 15_000 }).toBe(0);
    await hugo.page.getByRole('main').getByRole('link', { name: 'Charte du comité' }).click();
    await hugo.page.getByRole('textbox', TEXT).waitFor();
    await expect
      .poll(() => documentText(hugo.page), { timeout: 15_000 })
      .toContain('Avant le lien. Après le rechargement.');
    await committeeHome(page);
  });

  it('Escape keeps the current invitation, even for a valid one in another person’s name', async () => {
    const { page } = claire;
    const someoneElse = token({ ...HUGO, sub: 'u-ines', name: 'Inès Roy', role: 'chair' });
    await openLink(page, rig.joinHash(someoneElse));
    const dialog = dialogOf(page);
    await dialog.waitFor();
    await dialog.getByText('la nouvelle invitation est au nom d’une autre personne').waitFor();
    expect((await rows(page))[0]).toEqual(['Nom', 'Claire Martin', 'Inès Roymodifié']);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await storedTokens(page)).toEqual([claireToken]);
    expect(await intro(page).textContent()).toMatch(/Claire Martin \(AMF\), rôle\s:\smembre/);
  });

  it('a relay out of reach cannot check the new invitation: the current one stays', async () => {
    const { page } = claire;
    const renewed = token({ ...CLAIRE, exp: Math.floor(Date.now() / 1000) + 7200 });
    rig.proxy.cut();
    await expect.poll(() => syncStatus(page), { timeout: 15_000 }).toBe('offline');
    await openLink(page, rig.joinHash(renewed));
    const dialog = dialogOf(page);
    await dialog.getByRole('button', { name: 'Vérifier et utiliser la nouvelle' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'n’a pas pu être vérifiée' }).waitFor();
    expect(await storedTokens(page)).toEqual([claireToken]);
    await screenshots(page, 'switch-unreachable');
    await dialog.getByRole('button', { name: 'Garder l’actuelle' }).click();
    await dialog.waitFor({ state: 'detached' });
    rig.proxy.restore();
    await expect.poll(() => syncStatus(page), { timeout: 15_000 }).toBe('online');
  });

  it('a renewed invitation (same person, later expiry) is checked, then used', async () => {
    const { page } = claire;
    const renewed = token({ ...CLAIRE, exp: Math.floor(Date.now() / 1000) + 7200 });
    const socketsBefore = claire.sockets.length;
    await openLink(page, rig.joinHash(renewed));
    const dialog = dialogOf(page);
    await dialog.waitFor();
    const expiry = (await rows(page))[4]!;
    // Two hours later, to the minute; an expiry seconds later would not count as a change.
    expect(expiry[0]).toBe('Expire le');
    expect(expiry[2]).toMatch(/modifié$/);
    await dialog.getByRole('button', { name: 'Vérifier et utiliser la nouvelle' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .getByRole('status')
      .filter({ hasText: 'La nouvelle invitation est utilisée' })
      .waitFor();
    expect(await storedTokens(page)).toEqual([renewed]);
    // The open connections renewed their token in place (PROTOCOL.md "Renewal"): the only new
    // socket is the check's own, and the committee stays online.
    await page.waitForTimeout(1000);
    expect(claire.sockets.slice(socketsBefore)).toEqual([
      `${rig.relayUrl}/${RIG_WORKSPACE}/_index`,
    ]);
    expect(await syncStatus(page)).toBe('online');
    // Edits still flow.
    await page.getByRole('main').getByRole('link', { name: 'Charte du comité' }).click();
    await typeAt(page, 'end', ' Renouvelée.');
    await expect.poll(() => unconfirmed(page), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => documentText(hugo.page), { timeout: 15_000 }).toContain('Renouvelée.');
  });

  it('[Issue 9, point 11] no WebSocket URL the app opened carries a token', () => {
    // Claire's forged link was checked on a connection of its own: both kinds were seen.
    expect(claire.sockets.some((url) => url.endsWith('/_index'))).toBe(true);
    for (const person of [claire, hugo]) {
      expect(person.sockets.some((url) => url.endsWith('/_mux'))).toBe(true);
      for (const url of person.sockets) {
        expect(url).not.toMatch(/token/i);
        // No JWT either, whatever the parameter's name: three base64url parts.
        expect(url).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
        // The committee's one connection, or an invitation check's.
        expect(url).toMatch(/\/_mux$|\/_index$/);
      }
    }
    const unexpected = [...claire.errors, ...hugo.errors].filter(
      (error) => !/WebSocket|ERR_CONNECTION|Failed to load resource/.test(error),
    );
    expect(unexpected).toEqual([]);
  });
});
