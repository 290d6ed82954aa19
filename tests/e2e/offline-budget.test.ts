/**
 * [Issue 10] The storage budget of a committee's offline copies, seen from Chromium: a member
 * sets a tiny budget on the committee's home page (a typed value that is not a size is
 * refused, said next to the field); another member then writes six large documents; only the
 * newest that fit are downloaded, the older ones are not, and the page says why; a document she
 * opens is kept whatever the budget (its size counted first); raising the budget downloads the
 * rest. Real relay, real Chromium; axe on the page with the budget control and the states.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { token, type TestClaims } from '../support/tokens.js';
import { RIG_WORKSPACE, startCommitteeRig, TEXT, type CommitteeRig } from './committee-rig.js';
import { screenshots, seriousViolations } from './harness.js';
import { go, offlineCounts, rowStates, waitAllOffline } from './offline-helpers.js';
import { writeRelayDocuments, type RelayDocument } from './relay-documents.js';

const CLAIRE: TestClaims = { sub: 'u-claire', name: 'Claire Martin', org: 'AMF' };
const HUGO: TestClaims = { sub: 'u-hugo', name: 'Hugo Petit', org: 'ADF' };
const IDS = ['doc-a', 'doc-b', 'doc-c', 'doc-d', 'doc-e', 'doc-f'] as const;

/** Six documents of about 65 KB each; `doc-a` is the newest, `doc-f` the oldest. */
function largeDocuments(now: number): RelayDocument[] {
  return IDS.map((id, i) => ({
    id,
    title: `Annexe ${i + 1} du rapport`,
    kind: 'convention',
    updatedAt: now - i * 3_600_000,
    text: `Relevé n° ${i + 1} : ${'relevé de décisions '.repeat(3000)}`,
  }));
}

/** Types `value` into the budget field and saves it. */
async function setBudget(page: Page, value: string): Promise<void> {
  const details = page.locator('.offline-budget');
  if ((await details.getAttribute('open')) === null)
    await page.getByText('Changer le budget des copies hors ligne').click();
  const field = page.getByLabel('Budget des copies hors ligne de ce comité (en Mo)');
  await field.fill(value);
  await page.getByRole('button', { name: 'Enregistrer le budget' }).click();
}

describe('[Issue 10] the budget of offline copies', () => {
  let rig: CommitteeRig;

  beforeAll(async () => {
    rig = await startCommitteeRig();
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('keeps the newest documents that fit, says why the others are not here, and downloads them once raised', async () => {
    const claire = await rig.join(CLAIRE);
    const { page } = claire;
    const status = page.locator('.offline-status');
    await expect
      .poll(() => status.textContent(), { timeout: 15_000 })
      .toBe('Aucun document à garder hors ligne pour l’instant.');

    // A value that is not a size is refused, next to the field, and changes nothing.
    await setBudget(page, 'beaucoup');
    const field = page.getByLabel('Budget des copies hors ligne de ce comité (en Mo)');
    await page
      .getByRole('alert')
      .filter({ hasText: '« beaucoup » n’est pas un nombre de mégaoctets' })
      .waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await setBudget(page, '-3');
    await page.getByRole('alert').filter({ hasText: 'ne peut pas être négatif' }).waitFor();
    expect(await page.locator('.offline-panel').getAttribute('data-offline-budget-bytes')).toBe(
      String(500 * 1024 * 1024),
    );

    // A tiny budget, written the French way.
    await setBudget(page, '0,15');
    await page
      .getByRole('status')
      .filter({ hasText: 'Budget enregistré\u00a0: 0,15\u00a0Mo.' })
      .waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('false');
    // The panel hears of the change on its next notification (at most NOTIFY_MS later).
    await expect
      .poll(() => page.locator('.offline-panel').getAttribute('data-offline-budget-bytes'))
      .toBe(String(Math.round(0.15 * 1024 * 1024)));

    // Hugo writes six large documents: only the two newest fit.
    await writeRelayDocuments(
      rig.relay.url,
      RIG_WORKSPACE,
      token({ ...HUGO, ws: RIG_WORKSPACE }),
      largeDocuments(Date.now()),
    );
    await waitAllOffline(page, 2);
    await expect
      .poll(() => rowStates(page), { timeout: 10_000 })
      .toEqual({
        'doc-a': 'ready',
        'doc-b': 'ready',
        'doc-c': 'over-budget',
        'doc-d': 'over-budget',
        'doc-e': 'over-budget',
        'doc-f': 'over-budget',
      });
    const overBudget = page.locator('.offline-over-budget');
    expect(await overBudget.textContent()).toBe(
      '4\u00a0documents plus anciens ne sont pas gardés à jour hors ligne\u00a0: ils dépasseraient le budget. Augmentez le budget pour les rendre disponibles hors ligne.',
    );
    expect(await page.locator('li[data-document-id="doc-f"]').textContent()).toContain(
      'Non téléchargé (budget)',
    );
    expect(await status.textContent()).toBe('2\u00a0documents sur 6 sont disponibles hors ligne.');
    await screenshots(page, 'offline-home-budget', { fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // The oldest, opened once, is kept whatever the budget — and counted first.
    await go(page, 'doc/doc-f');
    await page.getByRole('textbox', TEXT).waitFor();
    await go(page, '');
    await expect
      .poll(() => rowStates(page), { timeout: 15_000 })
      .toMatchObject({ 'doc-a': 'ready', 'doc-f': 'ready', 'doc-b': 'over-budget' });
    expect(await page.locator('li[data-document-id="doc-b"]').textContent()).toContain(
      'Copie non mise à jour (budget)',
    );

    // Raised: everything comes.
    await setBudget(page, '500');
    await waitAllOffline(page, IDS.length);
    expect(Object.values(await rowStates(page))).toEqual(Array(IDS.length).fill('ready'));
    expect(await overBudget.count()).toBe(0);
    expect((await offlineCounts(page)).ready).toBe(IDS.length);
    const used = Number(
      await page.locator('.offline-panel').getAttribute('data-offline-used-bytes'),
    );
    // Six documents of about 65 KB, measured from what the local store holds.
    expect(used).toBeGreaterThan(6 * 60_000);
    expect(used).toBeLessThan(6 * 90_000);
    expect(claire.errors).toEqual([]);
  });
});
