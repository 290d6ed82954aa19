/**
 * The sidebar and the committee's name, in a committee (real relay, two members in their own
 * Chromium contexts): "Mon espace" and the committee with its sync state and its documents by
 * kind, the open document marked, the tree folding, the documents opened last; the chair names
 * the committee and both members then see that name wherever its id showed (heading, sidebar,
 * back link, window title), while a member is not offered the form. (The relay's refusal of a
 * member's rename is `sync-server/relay/relay-policy.test.ts`.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClaims } from '../support/tokens.js';
import { startCommitteeRig, type CommitteeRig, type JoinedPerson } from './committee-rig.js';
import { createDocument, screenshots, seriousViolations, waitSaved } from './harness.js';

const CLAIRE: TestClaims = { sub: 'u-claire', name: 'Claire Martin', org: 'AMF', role: 'chair' };
const BRUNO: TestClaims = { sub: 'u-bruno', name: 'Bruno Petit', org: 'ADF', role: 'member' };
const NAME = 'Comité des partenaires du numérique éducatif';

describe('sidebar and committee name', () => {
  let rig: CommitteeRig;
  let claire: JoinedPerson;
  let bruno: JoinedPerson;
  beforeAll(async () => {
    rig = await startCommitteeRig();
    claire = await rig.join(CLAIRE);
    bruno = await rig.join(BRUNO);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('lists the workspaces with their state and documents, marks the open one, folds', async () => {
    const { page } = claire;
    await page.setViewportSize({ width: 1280, height: 800 });
    const sidebar = page.getByRole('navigation', { name: 'Espaces de travail' });
    expect(await sidebar.isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Menu', exact: true }).isVisible()).toBe(false);
    const committeeLink = sidebar.getByRole('link', { name: 'Comité « comite »', exact: true });
    expect(await committeeLink.getAttribute('aria-current')).toBe('page');
    await sidebar.locator('[data-sidebar-sync="online"]').waitFor();
    // The committee shown is unfolded.
    const foldCommittee = sidebar.getByRole('button', { name: /documents de « Comité/ });
    expect(await foldCommittee.getAttribute('aria-expanded')).toBe('true');

    await createDocument(page, 'Nouvelle charte');
    await waitSaved(page);
    const charter = sidebar
      .getByRole('group', { name: 'Charte' })
      .getByRole('link', { name: 'Charte du comité' });
    expect(await charter.getAttribute('aria-current')).toBe('page');
    expect(await committeeLink.getAttribute('aria-current')).toBeNull();
    const recent = sidebar.getByRole('region', { name: 'Récents' });
    await recent.getByRole('link', { name: /Charte du comité/ }).waitFor();
    expect(await recent.getByRole('link').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'sidebar-editor');

    // A rename shows at once, in the tree and in the recent documents.
    await committeeLink.click();
    await page.getByRole('button', { name: 'Renommer « Charte du comité »' }).click();
    const field = page.getByRole('textbox', { name: 'Nouveau titre' });
    await field.fill('Charte numérique');
    await field.press('Enter');
    await recent.getByRole('link', { name: /Charte numérique/ }).waitFor();
    const renamed = sidebar.getByRole('link', { name: 'Charte numérique', exact: true });
    await renamed.waitFor();

    await foldCommittee.click();
    expect(await foldCommittee.getAttribute('aria-expanded')).toBe('false');
    expect(await renamed.count()).toBe(0);
    await foldCommittee.click();
    await renamed.waitFor();
  });

  it('the chair names the committee; every member sees the name where the id was', async () => {
    const { page } = claire;
    await page.getByText('Renommer le comité').click();
    const field = page.getByRole('textbox', { name: /Nom du comité/ });
    await field.fill('   ');
    await page.getByRole('button', { name: 'Enregistrer le nom' }).click();
    await page.getByText('Le nom ne peut pas être vide').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);

    await field.fill(`  ${NAME} `);
    await page.getByRole('button', { name: 'Enregistrer le nom' }).click();
    await page.getByText('Nom enregistré.').waitFor();
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    const sidebar = page.getByRole('navigation', { name: 'Espaces de travail' });
    await sidebar.getByRole('link', { name: NAME, exact: true }).waitFor();
    expect(await page.title()).toBe(`${NAME} — Entente`);
    await screenshots(page, 'sidebar-committee-named');

    // Bruno, a member: the name arrives with the index; no form for him.
    const other = bruno.page;
    await other.setViewportSize({ width: 1280, height: 800 });
    await other.getByRole('heading', { level: 1, name: NAME }).waitFor();
    expect(await other.getByText('Renommer le comité').count()).toBe(0);
    const hisSidebar = other.getByRole('navigation', { name: 'Espaces de travail' });
    await hisSidebar.getByRole('link', { name: 'Charte numérique', exact: true }).click();
    await other.getByRole('link', { name: `Retour à « ${NAME} »` }).waitFor();
    await expect.poll(() => other.title()).toBe(`Charte numérique — ${NAME} — Entente`);
    await hisSidebar
      .getByRole('region', { name: 'Récents' })
      .getByRole('link', { name: `Charte numérique ${NAME}` })
      .waitFor();
    expect(claire.errors).toEqual([]);
    expect(bruno.errors).toEqual([]);
  });
});
