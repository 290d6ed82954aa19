/**
 * Every screen against its committed reference image (`tests/support/screen-compare.ts`), at
 * 1280×800 and 390×844, in French and English, light and dark: "Mon espace" with the join
 * form, a committee's page, the editor, a reviewer's editor, and a link to a committee not joined.
 * A real relay and real Chromium; what changes from run to run (the dates of the list) is set
 * to one value before each shot. A last check: the comparison catches a layout break (the
 * committee's page with a header padded by a few pixels is beyond the tolerance).
 *
 * After a deliberate change of the interface: `ENTENTE_UPDATE_SCREENS=1 npx vitest run
 * tests/e2e/screens.test.ts` (after `npm run build:renderer`), then look at every image changed.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  diffPngs,
  expectScreen,
  MAX_DIFF_RATIO,
  stableScreen,
  updatingScreens,
  type ExpectScreenOptions,
} from '../support/screen-compare.js';
import type { TestClaims } from '../support/tokens.js';
import { startCommitteeRig, RIG_WORKSPACE, type CommitteeRig } from './committee-rig.js';
import { collectErrors, createDocument, waitSaved } from './harness.js';

const CLAIRE: TestClaims = { sub: 'u-claire', name: 'Claire Martin', org: 'AMF', role: 'chair' };
const REMI: TestClaims = { sub: 'u-remi', name: 'Rémi Garnier', org: 'FCPE', role: 'reviewer' };

const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;
const THEMES = ['light', 'dark'] as const;
const LANGUAGES = ['fr', 'en'] as const;

/** Two frames: what a resize or a theme change re-renders has been painted. */
function painted(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
}

/** Sets the interface language with its own button, as a member would. */
async function setLanguage(page: Page, language: 'fr' | 'en'): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current.startsWith(language)) return;
  await page
    .getByRole('button', {
      name:
        language === 'en' ? 'Switch the interface to English' : 'Passer l’interface en français',
    })
    .click();
  await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), language);
}

/** The dates of the document list, which say when the test ran, set to one value. */
function fixDates(page: Page): Promise<void> {
  return page.evaluate(() => {
    const english = document.documentElement.lang.startsWith('en');
    for (const date of Array.from(document.querySelectorAll('.document-date')))
      date.textContent = english
        ? 'Modified 6 October 2026, 09:30'
        : 'Modifié le 6 octobre 2026 à 09:30';
  });
}

/** Shoots the current screen in every size, language and theme, as `screen-lang-theme-width`. */
async function everyVariant(
  page: Page,
  screen: string,
  ready: (page: Page) => Promise<void>,
  options: ExpectScreenOptions = {},
): Promise<void> {
  try {
    for (const theme of THEMES) {
      await page.emulateMedia({ colorScheme: theme });
      for (const language of LANGUAGES) {
        await setLanguage(page, language);
        for (const size of SIZES) {
          await page.setViewportSize(size);
          await page.mouse.move(size.width - 1, size.height - 1);
          await page.evaluate(() => window.scrollTo(0, 0));
          const actual = await stableScreen(
            page,
            async () => {
              await ready(page);
              await fixDates(page);
              await painted(page);
            },
            options,
          );
          await expectScreen(page, `${screen}-${language}-${theme}-${size.width}`, {
            ...options,
            actual,
          });
        }
      }
    }
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
    await setLanguage(page, 'fr');
    await page.setViewportSize({ width: 1280, height: 800 });
  }
}

/** A committee screen is ready once nothing is syncing and nothing is left to confirm. */
async function synced(page: Page): Promise<void> {
  await page.locator('.sync-status [data-sync-status="online"]').waitFor();
  await page.locator('.sync-unconfirmed[data-unconfirmed="0"]').waitFor();
}

describe('screens against their references', () => {
  let rig: CommitteeRig;
  beforeAll(async () => {
    rig = await startCommitteeRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('Mon espace, before any committee, with the join form', async () => {
    const context = await rig.browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(rig.appUrl);
    await page.getByRole('heading', { level: 1, name: 'Mon espace' }).waitFor();
    await everyVariant(page, 'mon-espace', async (p) => {
      await p.locator('[data-sync-status="local"]').waitFor();
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the editor, the committee’s page, a reviewer’s editor, a link not found', async () => {
    const claire = await rig.join(CLAIRE);
    const { page } = claire;
    await createDocument(page, 'Nouvelle charte');
    await waitSaved(page);
    await everyVariant(page, 'editor', async (p) => {
      await synced(p);
      await waitSaved(p);
    });

    await page
      .getByRole('main')
      .getByRole('link', { name: /Retour au comité/ })
      .click();
    await page.getByRole('button', { name: 'Nouvelle charte' }).waitFor();
    const offlineReady = async (p: Page): Promise<void> => {
      await synced(p);
      await p.locator('[data-offline-state="ready"]').first().waitFor();
    };
    await everyVariant(page, 'committee', offlineReady);

    // Rémi reviews: his editor is read-only, and Claire is no longer in the document.
    const remi = await rig.join(REMI);
    await remi.page.getByRole('main').getByRole('link', { name: 'Charte du comité' }).click();
    await everyVariant(
      remi.page,
      'reviewer-editor',
      async (p) => {
        await synced(p);
        await p.getByText('Rémi Garnier, FCPE').waitFor();
        expect(await p.locator('.presence-list li').count()).toBe(1);
      },
      // A reader has no caret of their own: which entry the outline marks as the current
      // location depends on where the read-only view's selection lands; the editor's shots
      // check the outline itself.
      { mask: [remi.page.locator('.outline-list')] },
    );

    // A link to a committee this member has not joined.
    await page.goto(`${rig.appUrl}#/w/autre-comite/doc/charte-1`);
    await page.getByRole('alert').waitFor();
    await everyVariant(page, 'not-found', synced);
    expect(claire.errors).toEqual([]);
    expect(remi.errors).toEqual([]);

    // The comparison sees a layout break: the same screen with a header 8 px taller is
    // beyond its tolerance.
    if (updatingScreens()) return;
    await page.goto(`${rig.appUrl}#/w/${RIG_WORKSPACE}/`);
    await page.getByRole('button', { name: 'Nouvelle charte' }).waitFor();
    const prepare = async (): Promise<void> => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await offlineReady(page);
      await fixDates(page);
      await painted(page);
    };
    const before = await stableScreen(page, prepare);
    const heights = await page.evaluate(() => {
      const header = document.querySelector<HTMLElement>('.app-header')!;
      const before = header.getBoundingClientRect().height;
      header.style.paddingBottom = '1.25rem';
      return [before, header.getBoundingClientRect().height];
    });
    expect(heights[1]).toBeGreaterThan(heights[0]!);
    const broken = await stableScreen(page, prepare);
    expect(diffPngs(before, broken).ratio).toBeGreaterThan(MAX_DIFF_RATIO);
  });
});
