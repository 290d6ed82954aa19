/** The interface in French by default, English on request, remembered across reloads. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppSession } from './harness.js';

describe('interface language', () => {
  let app: AppSession;
  beforeAll(async () => {
    app = await openApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  const lang = () => app.page.evaluate(() => document.documentElement.lang);
  const title = () => app.page.getByRole('heading', { level: 1 }).textContent();

  it('starts in French with <html lang="fr">', async () => {
    expect(await lang()).toBe('fr');
    expect(await title()).toBe('Mon espace');
  });

  it('switches to English, and keeps it after a reload', async () => {
    await app.page.getByRole('button', { name: 'Switch the interface to English' }).click();
    await expect.poll(title).toBe('My workspace');
    expect(await lang()).toBe('en');
    await app.page.getByRole('button', { name: 'New charter' }).waitFor();
    await app.page.reload();
    await expect.poll(title).toBe('My workspace');
  });

  it('switches back to French', async () => {
    await app.page.getByRole('button', { name: 'Passer l’interface en français' }).click();
    await expect.poll(title).toBe('Mon espace');
    expect(await lang()).toBe('fr');
  });
});
