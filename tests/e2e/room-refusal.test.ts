/**
 * [Issue 10] A room the relay refuses on its own (a channel closed 4413: the document would pass
 * the relay's size limit) is explained on that document's page — what happened, that the edits
 * stay on this computer, what to do, a way to try again — and in its row of the documents list;
 * not by the committee's access alert, which speaks of invitations. The header stays "En
 * ligne"; the committee's other documents keep syncing and downloading on the same connection.
 * Real relay, real Chromium; axe on the editor page with the notice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { token, type TestClaims } from '../support/tokens.js';
import {
  accessProblem,
  RIG_WORKSPACE,
  startCommitteeRig,
  syncStatus,
  TEXT,
  typeAt,
  unconfirmed,
  type CommitteeRig,
} from './committee-rig.js';
import { screenshots, seriousViolations } from './harness.js';
import { go, offlineCounts, rowState } from './offline-helpers.js';
import { writeRelayDocuments } from './relay-documents.js';

const CLAIRE: TestClaims = { sub: 'u-claire', name: 'Claire Martin', org: 'AMF' };
const HUGO: TestClaims = { sub: 'u-hugo', name: 'Hugo Petit', org: 'ADF' };

describe('[Issue 10] a room refused on its own', () => {
  let rig: CommitteeRig;

  beforeAll(async () => {
    // A small room limit: one long paste makes a document too large (4413, that room only).
    rig = await startCommitteeRig({ env: { ENTENTE_MAX_ROOM_BYTES: '30000' } });
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('is explained on its page and in its row; the other documents keep syncing', async () => {
    const claire = await rig.join(CLAIRE);
    const { page } = claire;
    await page.getByRole('button', { name: 'Nouvel ordre du jour' }).click();
    await page.getByRole('textbox', TEXT).waitFor();
    const other = decodeURIComponent(new URL(page.url()).hash.split('/doc/')[1] ?? '');
    await go(page, '');
    await page.getByRole('button', { name: 'Nouvelle charte' }).click();
    await page.getByRole('textbox', TEXT).waitFor();
    const big = decodeURIComponent(new URL(page.url()).hash.split('/doc/')[1] ?? '');

    await page.getByRole('textbox', TEXT).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText(`Annexe : ${'relevé de décisions '.repeat(2500)}`);
    const notice = page.locator('[data-room-problem="4413"]');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.getAttribute('role')).toBe('alert');
    const text = await notice.textContent();
    expect(text).toContain('Le serveur refuse ce document');
    expect(text).toContain('trop volumineux pour le serveur de synchronisation');
    expect(text).toMatch(
      /Rien n’est perdu\s: (votre modification non envoyée reste|vos \d+\smodifications non envoyées restent) sur cet ordinateur/,
    );
    expect(text).toContain('Prévenez le secrétariat du comité');
    expect(text).toContain('Les autres documents du comité continuent de se synchroniser.');
    // Not the committee-wide alert about invitations; the connection is up.
    expect(await accessProblem(page)).toBeNull();
    await expect.poll(() => syncStatus(page), { timeout: 10_000 }).toBe('online');
    const docState = page.locator('[data-doc-sync]');
    expect(await docState.getAttribute('data-doc-sync')).toBe('refused');
    expect(await docState.textContent()).toContain('Refusé par le serveur');
    const refusedCount = await unconfirmed(page);
    expect(refusedCount).toBeGreaterThan(0);
    await screenshots(page, 'room-refused-editor');
    expect(await seriousViolations(page)).toEqual([]);

    // Trying again asks the relay again; it says the same, and the page still explains it.
    await page.getByRole('button', { name: 'Réessayer l’envoi au serveur' }).click();
    await expect
      .poll(() => docState.getAttribute('data-doc-sync'), { timeout: 15_000 })
      .toBe('refused');
    await notice.waitFor();

    // In the list: that row says it; the others keep syncing on the same connection.
    await go(page, '');
    await expect.poll(() => rowState(page, big), { timeout: 10_000 }).toBe('refused');
    expect(await page.locator(`li[data-document-id="${big}"]`).textContent()).toContain(
      'Refusé par le serveur',
    );
    await writeRelayDocuments(rig.relay.url, RIG_WORKSPACE, token({ ...HUGO, ws: RIG_WORKSPACE }), [
      {
        id: 'note-hugo',
        title: 'Note de Hugo',
        kind: 'compte-rendu',
        updatedAt: Date.now(),
        text: 'Écrite après le refus.',
      },
    ]);
    await expect.poll(() => rowState(page, 'note-hugo'), { timeout: 15_000 }).toBe('ready');
    // The refused document is here to read all the same: the download is complete.
    await expect
      .poll(async () => (await offlineCounts(page)).phase, { timeout: 10_000 })
      .toBe('done');
    expect(await offlineCounts(page)).toMatchObject({ ready: 3, total: 3 });
    await go(page, `doc/${other}`);
    await typeAt(page, 'end', ' Point ajouté après le refus.');
    await expect.poll(() => unconfirmed(page), { timeout: 15_000 }).toBe(refusedCount);
    expect(await page.locator('[data-doc-sync]').getAttribute('data-doc-sync')).toBe('online');
    expect(await page.locator('[data-room-problem]').count()).toBe(0);
    await go(page, '');
    await page.locator(`li[data-document-id="${big}"]`).waitFor();
    await screenshots(page, 'room-refused-list', { fullPage: true });
    expect(claire.sockets).toEqual([`${rig.relayUrl}/_mux`]);
  });
});
