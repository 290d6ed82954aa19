/**
 * [Issue 9, point 1] An invitation that expires while the app is open: the relay closes the open
 * connections at the token's `exp`, the app says "expirée", and what is typed afterwards is kept
 * and counted as unconfirmed — never sent, never lost. A fresh invitation for the same person,
 * opened through the confirmation dialog, sends it: the count goes back to 0 and another member
 * sees the edit. Real relay, real Chromium.
 */
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
  accessProblem,
} from './committee-rig.js';
import { screenshots, seriousViolations } from './harness.js';

const CLAIRE: TestClaims = {
  sub: 'u-claire',
  name: 'Claire Martin',
  org: 'AMF',
  ws: RIG_WORKSPACE,
};
/** Seconds of validity of Claire's first invitation: enough to join and type once. */
const SHORT_TTL_S = 8;

describe('[Issue 9, point 1] an invitation that expires on an open connection', () => {
  let rig: CommitteeRig;
  let claire: JoinedPerson;
  let hugo: JoinedPerson;
  let expiresAt: number;

  beforeAll(async () => {
    rig = await startCommitteeRig();
    expiresAt = Math.floor(Date.now() / 1000) + SHORT_TTL_S;
    claire = await rig.joinWith(token({ ...CLAIRE, exp: expiresAt }));
    hugo = await rig.join({ sub: 'u-hugo', name: 'Hugo Petit', org: 'ADF' });
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('is closed by the relay at exp; the app says it expired and keeps what follows', async () => {
    const { page } = claire;
    await page.getByRole('button', { name: 'Nouvelle charte' }).click();
    await page.getByRole('textbox', TEXT).waitFor();
    await typeAt(page, 'end', ' Avant l’expiration.');
    await expect.poll(() => unconfirmed(page), { timeout: 15_000 }).toBe(0);
    expect(Date.now() / 1000).toBeLessThan(expiresAt);

    await expect.poll(() => accessProblem(page), { timeout: 20_000 }).toBe('expired');
    // The relay closed the connection (4401 "token expired"): nothing is open any more.
    await expect.poll(() => syncStatus(page), { timeout: 10_000 }).toBe('offline');
    const alert = page.locator('[data-access-problem]');
    expect(await alert.textContent()).toContain('Votre invitation à ce comité a expiré le');
    expect(await alert.textContent()).toContain('Vos modifications restent sur cet ordinateur');

    await typeAt(page, 'end', ' Après l’expiration.');
    await page.locator('[data-save-state="saved"]').waitFor();
    await expect.poll(() => unconfirmed(page)).toBeGreaterThan(0);
    await page.waitForTimeout(2000);
    expect(await unconfirmed(page)).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'access-expired');

    // Hugo reads the document: the relay has what came before exp, nothing after.
    await hugo.page.getByRole('main').getByRole('link', { name: 'Charte du comité' }).click();
    await hugo.page.getByRole('textbox', TEXT).waitFor();
    await expect
      .poll(() => documentText(hugo.page), { timeout: 15_000 })
      .toContain('Avant l’expiration.');
    await hugo.page.waitForTimeout(1000);
    expect(await documentText(hugo.page)).not.toContain('Après l’expiration.');
  });

  it('a fresh invitation for the same person, confirmed in the dialog, sends what was kept', async () => {
    const { page } = claire;
    const fresh = token(CLAIRE);
    await openLink(page, rig.joinHash(fresh));
    const dialog = page.getByRole('dialog', {
      name: `Nouvelle invitation pour le comité « ${RIG_WORKSPACE} »`,
    });
    await dialog.waitFor();
    // The current one is marked expired in the comparison.
    expect(await dialog.locator('tbody tr').last().textContent()).toContain('(expirée)');
    await dialog.getByRole('button', { name: 'Vérifier et utiliser la nouvelle' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => accessProblem(page), { timeout: 15_000 }).toBeNull();
    await expect.poll(() => unconfirmed(page), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => syncStatus(page), { timeout: 15_000 }).toBe('online');
    await expect
      .poll(() => documentText(hugo.page), { timeout: 15_000 })
      .toContain('Avant l’expiration. Après l’expiration.');
  });
});
