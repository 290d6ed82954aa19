/**
 * The frame every screen lives in, in a committee (real relay, real Chromium): nothing wider
 * than a 360 px window; the sidebar a drawer behind "Menu" there, that Escape, a click beside
 * it and its own "Fermer" close;
 * the outline of a charter reached and used with the keyboard alone; the shortcuts dialog
 * opened with `?` (but `?` typed in the text is text), closed with Escape, axe clean; the dark
 * theme of an OS set to dark, axe clean as well.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClaims } from '../support/tokens.js';
import { startCommitteeRig, type CommitteeRig, type JoinedPerson } from './committee-rig.js';
import { createDocument, screenshots, seriousViolations, waitSaved } from './harness.js';

const CLAIRE: TestClaims = { sub: 'u-claire', name: 'Claire Martin', org: 'AMF', role: 'chair' };

/**
 * The visible elements that reach past the window's left or right edge, as "tag.class": none
 * may, except inside an element that scrolls on its own (a wide table in the text).
 */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width)
      out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const element of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (getComputedStyle(element).clipPath.startsWith('inset')) continue; // visually hidden
      let scroller = element.parentElement;
      while (scroller !== null && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowX))
        scroller = scroller.parentElement;
      if (scroller !== null) continue;
      if (box.right > width + 0.5 || box.left < -0.5)
        out.push(`${element.tagName.toLowerCase()}.${element.className}`);
    }
    return out;
  });
}

const activeText = (page: Page) =>
  page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

describe('layout and keyboard', () => {
  let rig: CommitteeRig;
  let claire: JoinedPerson;
  beforeAll(async () => {
    rig = await startCommitteeRig();
    claire = await rig.join(CLAIRE);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('at 360 px nothing overflows, and the sidebar is a drawer behind "Menu"', async () => {
    const { page } = claire;
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await overflowing(page)).toEqual([]);
    const menu = page.getByRole('button', { name: 'Menu', exact: true });
    const sidebar = page.getByRole('navigation', { name: 'Espaces de travail' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await sidebar.isVisible()).toBe(false);
    // The header is two lines: menu, name and buttons; the sync state.
    const header = await page.locator('.app-header').boundingBox();
    expect(header!.height).toBeLessThan(110);

    // Opened from the keyboard, the drawer takes focus; Escape gives it back to "Menu".
    await menu.focus();
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await sidebar.getByRole('link', { name: 'Mon espace' }).waitFor();
    expect(await activeText(page)).toBe('Fermer');
    expect(await overflowing(page)).toEqual([]);
    await screenshots(page, 'layout-menu-open');
    await page.keyboard.press('Tab'); // the fold of "Mon espace"
    await page.keyboard.press('Tab');
    expect(await activeText(page)).toBe('Mon espace');
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('menu-button');

    // A click beside it closes it; so does its own "Fermer".
    await menu.click();
    await page.mouse.click(350, 400);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    await sidebar.getByRole('button', { name: 'Fermer le menu' }).click();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');

    // Choosing a workspace closes the drawer.
    await menu.click();
    await sidebar.getByRole('link', { name: 'Mon espace' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon espace' }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await overflowing(page)).toEqual([]);
    await page.goBack();
    await page.getByRole('button', { name: 'Nouvelle charte' }).waitFor();
  });

  it('a charter: nothing overflows at 360 px; its outline is used from the keyboard alone', async () => {
    const { page } = claire;
    await page.setViewportSize({ width: 360, height: 800 });
    await createDocument(page, 'Nouvelle charte');
    await waitSaved(page);
    expect(await overflowing(page)).toEqual([]);
    // The toolbar's "Plus" menu opens within the window.
    await page.getByRole('button', { name: 'Plus' }).click();
    await page
      .getByRole('menu')
      .getByRole('menuitemcheckbox', { name: 'Article', exact: true })
      .waitFor();
    expect(await overflowing(page)).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await page.getByRole('menu').count()).toBe(0);

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    const outline = page.getByRole('navigation', { name: 'Plan du document' });
    await outline
      .getByRole('button', { name: 'Article\u00a03\u00a0– Engagements des partenaires' })
      .waitFor();
    // From the top of the page, Tab reaches the article; Enter puts the caret in its heading.
    await page.locator('#main').focus();
    let name = '';
    for (let i = 0; i < 40 && !name.startsWith('Article\u00a03'); i++) {
      await page.keyboard.press('Tab');
      name = await activeText(page);
    }
    expect(name).toBe('Article\u00a03\u00a0– Engagements des partenaires');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('document-text');
    const caretIn = await page.evaluate(() => {
      const node = window.getSelection()?.anchorNode ?? null;
      const element = node instanceof Element ? node : node?.parentElement;
      return element?.closest('h2')?.textContent ?? null;
    });
    expect(caretIn).toBe('Engagements des partenaires');
    expect(await outline.locator('[aria-current="location"]').textContent()).toBe(
      'Article\u00a03\u00a0– Engagements des partenaires',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'layout-charter');
  });

  it('"?" opens the keyboard shortcuts, except in the text; Escape closes them', async () => {
    const { page } = claire;
    // In the text, "?" is a question mark.
    await page.keyboard.type('?');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.locator('.document-text h2').nth(2).textContent()).toBe(
      '?Engagements des partenaires',
    );
    await page.keyboard.press('Backspace');

    await page.getByRole('link', { name: /Retour au comité/ }).focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Raccourcis clavier' });
    await dialog.waitFor();
    expect(await dialog.getByRole('row', { name: /Gras/ }).textContent()).toContain('Ctrl+B');
    expect(
      await dialog.getByRole('row', { name: /Aller à la barre d’outils/ }).textContent(),
    ).toContain('Alt+F10');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Fermer');
    await screenshots(page, 'layout-shortcuts');
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await activeText(page)).toMatch(/^Retour au comité/);

    // The header's button opens it too; in English the keys are named in English.
    await page.getByRole('button', { name: 'Switch the interface to English' }).click();
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    const english = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(
      await english
        .getByRole('row', { name: /Undo|Redo/ })
        .last()
        .textContent(),
    ).toContain('Ctrl+Shift+Z');
    await english.getByRole('button', { name: 'Close' }).click();
    await english.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Passer l’interface en français' }).click();
  });

  it('follows a dark OS theme, and stays axe clean there: committee, editor, menus, dialog', async () => {
    const { page } = claire;
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      const background = () =>
        page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      await page.setViewportSize({ width: 1280, height: 800 });
      expect(await background()).toBe('rgb(22, 22, 22)');
      expect(await seriousViolations(page)).toEqual([]); // the editor, outline open
      await screenshots(page, 'layout-dark-editor');
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Raccourcis clavier' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.setViewportSize({ width: 360, height: 800 });
      await page.getByRole('button', { name: 'Plus' }).click();
      await page.getByRole('menu').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.getByRole('link', { name: /Retour au comité/ }).click();
      await page.getByRole('button', { name: 'Nouvelle charte' }).waitFor();
      await page.getByRole('button', { name: 'Menu', exact: true }).click();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshots(page, 'layout-dark-committee');
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
