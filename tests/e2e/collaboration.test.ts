/**
 * Two committee members and a reviewer on the same document, through a real relay process behind
 * a TCP proxy the test cuts (Playwright's offline mode does not cut WebSockets). Each person is a
 * separate browser context (own IndexedDB), joined with `#open=entente://join?relay=…&token=…`.
 * The document is created by the first member and found by the others in the committee's list:
 * the index room `comite/_index` is synced like any document.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { token, type TestClaims } from '../support/tokens.js';
import {
  documentText as text,
  occurrences,
  RIG_WORKSPACE as WORKSPACE,
  startCommitteeRig,
  syncStatus as status,
  TEXT,
  typeAt,
  unconfirmed,
  type CommitteeRig,
  type Person,
} from './committee-rig.js';
import { collectErrors, seriousViolations } from './harness.js';

describe('committee collaboration through the relay', () => {
  let rig: CommitteeRig;
  let claire: Person;
  let hugo: Person;
  let ines: Person;
  let lea: Person;
  const join = (claims: TestClaims): Promise<Person> => rig.join(claims);

  beforeAll(async () => {
    rig = await startCommitteeRig();
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('joins from an entente://join link; both members open the same document', async () => {
    claire = await join({ sub: 'u-claire', name: 'Claire Martin', org: 'AMF', ws: WORKSPACE });
    hugo = await join({ sub: 'u-hugo', name: 'Hugo Petit', org: 'CNIL', ws: WORKSPACE });
    await claire.page.getByText('Vous participez en tant que Claire Martin (AMF)').waitFor();
    await claire.page.getByRole('button', { name: 'Nouvelle charte' }).click();
    await claire.page.getByRole('textbox', TEXT).waitFor();
    // Hugo finds it in the committee's list, synced through the index room.
    await hugo.page.getByRole('main').getByRole('link', { name: 'Charte du comité' }).click();
    await hugo.page.getByRole('textbox', TEXT).waitFor();
    expect(hugo.page.url()).toBe(claire.page.url());
    for (const { page } of [claire, hugo]) {
      await expect.poll(() => status(page), { timeout: 15_000 }).toBe('online');
    }
  });

  it('shows who is here, with carets named after the relay-verified identity', async () => {
    const presence = (page: Page) =>
      page.getByRole('region', { name: 'Personnes présentes' }).getByRole('listitem');
    await expect
      .poll(() => presence(claire.page).allTextContents())
      .toEqual(['Claire Martin, AMF (vous)', 'Hugo Petit, CNIL']);
    await expect
      .poll(() => presence(hugo.page).allTextContents())
      .toEqual(['Hugo Petit, CNIL (vous)', 'Claire Martin, AMF']);
    await typeAt(hugo.page, 'end', ' Hugo était là.');
    await claire.page
      .locator('.collaboration-carets__label', { hasText: 'Hugo Petit (CNIL)' })
      .waitFor();
    // His caret can show before his last characters arrive: the next test types at the end, and
    // typing there earlier would land inside his sentence (a real concurrent edit, not a loss).
    await expect.poll(() => text(claire.page)).toContain('Hugo était là.');
  });

  it('converges when both type online', async () => {
    await typeAt(claire.page, 'end', ' Claire en ligne.');
    await typeAt(hugo.page, 'start', 'Hugo en ligne. ');
    await expect.poll(() => text(hugo.page)).toContain('Claire en ligne.');
    await expect.poll(() => text(claire.page)).toContain('Hugo en ligne.');
    await expect.poll(async () => (await text(claire.page)) === (await text(hugo.page))).toBe(true);
    for (const { page } of [claire, hugo]) {
      await expect.poll(() => unconfirmed(page), { timeout: 15_000 }).toBe(0);
    }
  });

  it('undoes and redoes only one’s own edits', async () => {
    await typeAt(claire.page, 'end', ' [annulable-claire]');
    await expect.poll(() => text(hugo.page)).toContain('[annulable-claire]');
    await typeAt(hugo.page, 'end', ' [hugo-reste]');
    await expect.poll(() => text(claire.page)).toContain('[hugo-reste]');
    // Claire's undo takes back her words, never Hugo's later ones.
    await claire.page.keyboard.press('Control+z');
    for (const { page } of [claire, hugo]) {
      await expect.poll(() => text(page)).not.toContain('[annulable-claire]');
      expect(await text(page)).toContain('[hugo-reste]');
    }
    await claire.page.keyboard.press('Control+Shift+z');
    for (const { page } of [claire, hugo]) {
      await expect.poll(() => text(page)).toContain('[annulable-claire]');
      expect(occurrences(await text(page), '[hugo-reste]')).toBe(1);
    }
    await expect.poll(async () => (await text(claire.page)) === (await text(hugo.page))).toBe(true);
  });

  it('keeps editing offline, survives a reload, and merges every edit once', async () => {
    rig.proxy.cut();
    for (const { page } of [claire, hugo]) {
      await expect.poll(() => status(page), { timeout: 15_000 }).toBe('offline');
      await page.locator('[data-sync-status]', { hasText: 'Hors ligne' }).waitFor();
    }
    // The same paragraph (the last one) and different ones (the first block).
    await typeAt(claire.page, 'end', ' [claire-fin]');
    await typeAt(hugo.page, 'end', ' [hugo-fin]');
    await typeAt(claire.page, 'start', '[claire-debut] ');
    await typeAt(hugo.page, 'start', '[hugo-debut] ');
    for (const { page } of [claire, hugo]) {
      await expect.poll(() => unconfirmed(page)).toBeGreaterThan(0);
      await page.locator('[data-save-state="saved"]').waitFor();
    }
    expect(await text(claire.page)).not.toContain('[hugo-fin]');

    // Claire reloads while offline: the web bridge's beforeunload guard asks first.
    const dialogs: string[] = [];
    claire.page.once('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await claire.page.reload();
    expect(dialogs).toEqual(['beforeunload']);
    await claire.page.getByRole('textbox', TEXT).waitFor();
    const reloaded = await text(claire.page);
    expect(reloaded).toContain('[claire-fin]');
    expect(reloaded).toContain('[claire-debut]');
    await expect.poll(() => status(claire.page)).toBe('offline');
    expect(await unconfirmed(claire.page)).toBeGreaterThan(0);
    await typeAt(claire.page, 'end', ' [claire-apres-rechargement]');

    rig.proxy.restore();
    for (const { page } of [claire, hugo]) {
      await expect.poll(() => status(page), { timeout: 30_000 }).toBe('online');
      await expect.poll(() => unconfirmed(page), { timeout: 30_000 }).toBe(0);
    }
    await expect.poll(async () => (await text(claire.page)) === (await text(hugo.page))).toBe(true);
    const merged = await text(claire.page);
    for (const marker of [
      '[claire-fin]',
      '[hugo-fin]',
      '[claire-debut]',
      '[hugo-debut]',
      '[claire-apres-rechargement]',
      'Claire en ligne.',
      'Hugo en ligne.',
      'Hugo était là.',
    ]) {
      expect(occurrences(merged, marker), marker).toBe(1);
    }
  });

  it('editor with the status bar and the presence list: no serious axe violation', async () => {
    expect(await seriousViolations(claire.page)).toEqual([]);
  });

  it('a reviewer reads the document but cannot change it', async () => {
    ines = await join({
      sub: 'u-ines',
      name: 'Inès Roy',
      org: 'DGS',
      ws: WORKSPACE,
      role: 'reviewer',
    });
    const { page } = ines;
    await page.getByText('Votre rôle permet de lire les documents, pas de les modifier.').waitFor();
    expect(await page.getByRole('button', { name: 'Nouvelle charte' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Renommer/ }).count()).toBe(0);
    await page.getByRole('main').getByRole('link', { name: 'Charte du comité' }).click();
    const editor = page.getByRole('textbox', TEXT);
    await editor.waitFor();
    await expect.poll(() => text(page)).toBe(await text(claire.page));
    expect(await editor.getAttribute('contenteditable')).toBe('false');
    expect(await editor.getAttribute('aria-readonly')).toBe('true');
    await page.getByText('Lecture seule').waitFor();
    expect(await page.getByRole('toolbar').count()).toBe(0);
    const before = await text(page);
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('[relecture]');
    await page.keyboard.press('Enter');
    expect(await text(page)).toBe(before);
    expect(await unconfirmed(page)).toBe(0);
    expect(await text(claire.page)).not.toContain('[relecture]');
    // Claire sees the reviewer among those present.
    await claire.page
      .getByRole('region', { name: 'Personnes présentes' })
      .getByText('Inès Roy, DGS')
      .waitFor();
    // The read-only editor and the committee's list as a reviewer sees them pass axe too.
    expect(await seriousViolations(page)).toEqual([]);
    await page.goBack();
    await page.getByText('Votre rôle permet de lire les documents, pas de les modifier.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('joins from the "Rejoindre un comité" form; local documents are kept', async () => {
    const context = await rig.browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = collectErrors(page);
    lea = { page, errors };
    await page.goto(rig.appUrl);
    await page.getByRole('button', { name: 'Nouvel ordre du jour' }).click();
    await page.getByRole('textbox', TEXT).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Retour à Mon espace' }).click();
    const form = page.getByRole('region', { name: 'Rejoindre un comité' });
    await form.getByRole('textbox', { name: 'Adresse du serveur (wss://…)' }).fill(rig.relayUrl);
    await form.getByRole('textbox', { name: 'Jeton d’invitation' }).fill('pas-un-jeton');
    await form.getByRole('button', { name: 'Rejoindre' }).click();
    await form.getByRole('alert').filter({ hasText: 'Ce jeton d’invitation' }).waitFor();
    const invitation = token({ sub: 'u-lea', name: 'Léa Blanc', org: 'AMF', ws: WORKSPACE });
    await form.getByRole('textbox', { name: 'Jeton d’invitation' }).fill(invitation);
    await form.getByRole('button', { name: 'Rejoindre' }).click();
    await page.getByRole('heading', { level: 1, name: `Comité « ${WORKSPACE} »` }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Charte du comité' }).waitFor();
    expect(await page.getByRole('main').getByRole('link', { name: 'Ordre du jour' }).count()).toBe(
      0,
    );
    const nav = page.getByRole('navigation', { name: 'Espaces de travail' });
    await nav.getByRole('link', { name: 'Mon espace', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon espace' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Ordre du jour' }).waitFor();
    // On "Mon espace" the header still tells how the committees' edits stand.
    const sync = page.getByRole('region', { name: 'Synchronisation' });
    await expect
      .poll(() => sync.textContent(), { timeout: 15_000 })
      .toBe('Comités\u00a0:En ligneToutes les modifications sont sur le serveur');
    rig.proxy.cut();
    await expect.poll(() => status(page), { timeout: 15_000 }).toBe('offline');
    rig.proxy.restore();
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('online');
    expect(
      await page.getByRole('main').getByRole('link', { name: 'Charte du comité' }).count(),
    ).toBe(0);
    // The membership is stored: a reload still lists the committee.
    await page.reload();
    await nav.getByRole('link', { name: `Comité « ${WORKSPACE} »`, exact: true }).waitFor();
  });

  it('never breaks the CSP', () => {
    for (const person of [claire, hugo, ines, lea]) {
      expect(person.errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    }
  });
});
