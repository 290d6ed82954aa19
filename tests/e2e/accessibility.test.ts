/**
 * Accessibility of the home, editor and start-up error screens, and of the confirmation of a
 * second invitation for a committee already joined: axe (WCAG 2.1 A/AA rules, which RGAA 4 maps
 * onto) reports no serious or critical violation, and the editor is usable from the keyboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { token } from '../support/tokens.js';
import { createDocument, openApp, seriousViolations, type AppSession } from './harness.js';

describe('accessibility', () => {
  let app: AppSession;
  beforeAll(async () => {
    app = await openApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('home screen: no serious or critical axe violation', async () => {
    expect(await seriousViolations(app.page)).toEqual([]);
  });

  it('editor screen: no serious or critical axe violation', async () => {
    await createDocument(app.page, 'Nouvelle convention');
    expect(await seriousViolations(app.page)).toEqual([]);
  });

  it('home screen with documents, in English: no serious or critical axe violation', async () => {
    await app.page.getByRole('main').getByRole('link', { name: 'Retour à Mon espace' }).click();
    await app.page.getByRole('button', { name: 'Switch the interface to English' }).click();
    await app.page.getByRole('heading', { name: 'My workspace' }).waitFor();
    expect(await seriousViolations(app.page)).toEqual([]);
    await app.page.getByRole('button', { name: 'Passer l’interface en français' }).click();
  });

  it('start-up error (local storage refused): says why, no serious or critical axe violation', async () => {
    const context = await app.context.browser()!.newContext({ locale: 'fr-FR' });
    try {
      // The browser refuses IndexedDB, as a locked-down profile or a broken disk would.
      await context.addInitScript(() => {
        IDBFactory.prototype.open = () => {
          throw new DOMException('stockage refusé par le navigateur', 'InvalidStateError');
        };
      });
      const page = await context.newPage();
      await page.goto(app.url);
      const alert = page.getByRole('alert');
      await alert
        .filter({ hasText: 'Impossible d’ouvrir le stockage local de cet appareil' })
        .waitFor();
      expect(await alert.textContent()).toContain('stockage refusé par le navigateur');
      await page.getByRole('heading', { level: 1, name: 'Entente' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a second invitation for a committee already joined: the dialog passes axe, Escape keeps the first', async () => {
    const context = await app.context.browser()!.newContext({ locale: 'fr-FR' });
    try {
      const page = await context.newPage();
      // No relay is needed to compare two invitations: the relay is asked only on confirmation.
      const relay = 'ws://127.0.0.1:9';
      const link = (jwt: string) =>
        `#open=${encodeURIComponent(`entente://join?relay=${encodeURIComponent(relay)}&token=${jwt}`)}`;
      const claims = { sub: 'u-ana', name: 'Ana Lopes', org: 'CDC', ws: 'comite-a11y' };
      await page.goto(`${app.url}${link(token({ ...claims, role: 'member' }))}`);
      await page.getByRole('heading', { level: 1, name: 'Comité « comite-a11y »' }).waitFor();
      await page.evaluate(
        (hash) => (window.location.hash = hash),
        link(token({ ...claims, role: 'chair' })),
      );
      const dialog = page.getByRole('dialog', {
        name: 'Nouvelle invitation pour le comité « comite-a11y »',
      });
      await dialog.waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      // Tab stays inside the dialog.
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(
          true,
        );
      }
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await page
        .getByText(/Vous participez en tant que Ana Lopes \(CDC\), rôle\s:\smembre/)
        .waitFor();
    } finally {
      await context.close();
    }
  });

  it('creates and formats a document with the keyboard only', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Mon espace' }).waitFor();
    // Tab from the top of the page to the "Nouveau compte rendu" button.
    let name = '';
    for (let i = 0; i < 15 && name !== 'Nouveau compte rendu'; i++) {
      await page.keyboard.press('Tab');
      name = await page.evaluate(() => document.activeElement?.textContent ?? '');
    }
    expect(name).toBe('Nouveau compte rendu');
    // Focus is visible: the focused button has an outline.
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(outline).toBe('solid');
    await page.keyboard.press('Enter');
    const text = page.getByRole('textbox', { name: /Texte du document/ });
    await text.waitFor();
    await text.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('Décision');
    await page.keyboard.press('Alt+F10');
    const focused = () =>
      page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    expect(await focused()).toBe('Annuler');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('Italique');
    await page.keyboard.press('Escape');
    // Tiptap's focus command waits for the next animation frame.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('document-text');
  });
});
