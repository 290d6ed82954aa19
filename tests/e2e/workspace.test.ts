/** "Mon espace": documents grouped by kind, rename, local search (title and full text), archive. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument, openApp, waitSaved, type AppSession } from './harness.js';

describe('Mon espace', () => {
  let app: AppSession;
  beforeAll(async () => {
    app = await openApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('works at first run with no document and no network', async () => {
    const { page } = app;
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Mon espace');
    await page.getByText('Aucun document pour l’instant').waitFor();
    // No committee joined: the header says the documents stay here, not "Hors ligne".
    const sync = page.getByRole('region', { name: 'Synchronisation' });
    expect(await sync.getByRole('status').textContent()).toBe('Sur cet ordinateur');
  });

  it('lists new documents under their kind', async () => {
    const { page } = app;
    await createDocument(page, 'Nouvelle charte');
    await page.getByRole('textbox', { name: /Texte du document/ }).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('Mot-clé zéphyrin pour la recherche.');
    await waitSaved(page);
    await page.getByRole('main').getByRole('link', { name: 'Retour à Mon espace' }).click();
    await createDocument(page, 'Nouvel ordre du jour');
    await page.getByRole('main').getByRole('link', { name: 'Retour à Mon espace' }).click();
    const charters = page.getByRole('region', { name: 'Charte' });
    await expect(charters.getByRole('link').allTextContents()).resolves.toEqual([
      'Charte du comité',
    ]);
    const agendas = page.getByRole('region', { name: 'Ordre du jour' });
    await expect(agendas.getByRole('link').allTextContents()).resolves.toEqual(['Ordre du jour']);
    await page.getByRole('region', { name: 'Compte rendu' }).getByText('Aucun document.').waitFor();
  });

  it('renames a document', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Renommer « Charte du comité »' }).click();
    const field = page.getByRole('textbox', { name: 'Nouveau titre' });
    await field.fill('Charte du comité numérique');
    await field.press('Enter');
    await page
      .getByRole('main')
      .getByRole('link', { name: 'Charte du comité numérique' })
      .waitFor();
  });

  it('finds a document by title and by full text, accents and case ignored', async () => {
    const { page } = app;
    const search = page.getByRole('searchbox', { name: 'Rechercher dans les titres et le texte' });
    await search.fill('NUMERIQUE');
    await page.getByRole('status').filter({ hasText: '1 document trouvé' }).waitFor();
    await page
      .getByRole('main')
      .getByRole('link', { name: 'Charte du comité numérique' })
      .waitFor();
    await search.fill('zephyrin');
    await page.getByRole('status').filter({ hasText: '1 document trouvé' }).waitFor();
    await expect(page.locator('.search-results .excerpt').textContent()).resolves.toContain(
      'zéphyrin',
    );
    await search.fill('introuvable-xyz');
    await page.getByText('Aucun document ne correspond').waitFor();
    await search.fill('');
  });

  it('archive hides a document; it can be shown and restored', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Archiver « Charte du comité numérique »' }).click();
    await page
      .getByRole('link', { name: 'Charte du comité numérique' })
      .waitFor({ state: 'detached' });
    await page.getByRole('searchbox').fill('zephyrin');
    await page.getByText('Aucun document ne correspond').waitFor();
    await page.getByRole('searchbox').fill('');
    await page.getByRole('checkbox', { name: 'Afficher les documents archivés' }).check();
    await page.getByRole('button', { name: 'Restaurer « Charte du comité numérique »' }).click();
    await page.getByRole('checkbox', { name: 'Afficher les documents archivés' }).uncheck();
    await page
      .getByRole('main')
      .getByRole('link', { name: 'Charte du comité numérique' })
      .waitFor();
    // And all of it is stored, not only shown.
    await page.reload();
    await page
      .getByRole('main')
      .getByRole('link', { name: 'Charte du comité numérique' })
      .waitFor();
    expect(app.errors).toEqual([]);
  });
});
