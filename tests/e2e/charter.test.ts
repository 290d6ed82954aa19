/**
 * A charter from the French template, edited and kept across a reload (IndexedDB), with article
 * numbers computed at display time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleLabels, createDocument, openApp, waitSaved, type AppSession } from './harness.js';

const NBSP = '\u00a0';

describe('charter from the template', () => {
  let app: AppSession;
  beforeAll(async () => {
    app = await openApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the preamble, numbered articles and the partner block', async () => {
    const { page } = app;
    await createDocument(page, 'Nouvelle charte');
    await expect(page.locator('.editor-header h1').textContent()).resolves.toBe('Charte du comité');
    const text = page.getByRole('textbox', { name: /Texte du document/ });
    await expect(text.locator('h1').first().textContent()).resolves.toBe('Préambule');
    await expect(text.locator('h1').last().textContent()).resolves.toBe(
      'Organisations partenaires',
    );
    expect(await articleLabels(page)).toEqual([
      `Article${NBSP}1er${NBSP}– Objet de la charte`,
      `Article${NBSP}2${NBSP}– Principes communs`,
      `Article${NBSP}3${NBSP}– Engagements des partenaires`,
      `Article${NBSP}4${NBSP}– Gouvernance`,
      `Article${NBSP}5${NBSP}– Durée et modification`,
    ]);
    // The number is really displayed (CSS generated content), not only stored in an attribute.
    const shown = await text
      .locator('h2')
      .first()
      .evaluate((h) => getComputedStyle(h, '::before').content);
    expect(shown).toBe(`"Article${NBSP}1er${NBSP}– "`);
    // The app's CSP is in force and nothing violated it (no inline script, no <style>).
    expect(app.errors).toEqual([]);
  });

  it('types text and a new article, which renumbers the following ones', async () => {
    const { page } = app;
    const text = page.getByRole('textbox', { name: /Texte du document/ });
    await text.locator('p', { hasText: 'La présente charte fixe' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Texte saisi pendant le test.');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Alt+2');
    await page.keyboard.type('Article inséré');
    await waitSaved(page);
    const labels = await articleLabels(page);
    expect(labels.slice(0, 3)).toEqual([
      `Article${NBSP}1er${NBSP}– Objet de la charte`,
      `Article${NBSP}2${NBSP}– Article inséré`,
      `Article${NBSP}3${NBSP}– Principes communs`,
    ]);
    expect(labels).toHaveLength(6);
  });

  it('keeps everything after a reload', async () => {
    const { page } = app;
    await page.reload();
    const text = page.getByRole('textbox', { name: /Texte du document/ });
    await text.waitFor();
    await expect(text.textContent()).resolves.toContain('Texte saisi pendant le test.');
    expect((await articleLabels(page))[1]).toBe(`Article${NBSP}2${NBSP}– Article inséré`);
    await expect(text.locator('h1').first().textContent()).resolves.toBe('Préambule');
    expect(app.errors).toEqual([]);
  });

  it('undoes with the keyboard (Collaboration undo manager)', async () => {
    const { page } = app;
    const text = page.getByRole('textbox', { name: /Texte du document/ });
    await text.locator('p', { hasText: 'La présente charte fixe' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' annulable');
    await expect(text.textContent()).resolves.toContain('annulable');
    await page.keyboard.press('Control+z');
    await expect.poll(() => text.textContent()).not.toContain('annulable');
  });

  it('links the selection from the keyboard, https and mailto only', async () => {
    const { page } = app;
    const text = page.getByRole('textbox', { name: /Texte du document/ });
    await text.locator('p', { hasText: 'La présente charte fixe' }).click();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Control+k');
    const field = page.getByRole('textbox', { name: /Adresse du lien/ });
    await field.fill('javascript:alert(1)');
    await field.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'https://' }).waitFor();
    await field.fill('https://www.legifrance.gouv.fr/');
    await field.press('Enter');
    await expect(text.locator('a').first().getAttribute('href')).resolves.toBe(
      'https://www.legifrance.gouv.fr/',
    );
    await waitSaved(page);
  });
});
