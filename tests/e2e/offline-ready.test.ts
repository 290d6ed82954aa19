/**
 * [Issue 10] Every document of a committee ready offline, seen from Chromium: a member joins a
 * committee whose relay holds 40 documents she never opened (written by another member's
 * client, as the app writes them); the home page shows the first download's progress ("N / 40
 * documents disponibles hors ligne", a progress bar), newest first, paused while the network is
 * cut and resumed after; every row then says "Disponible hors ligne". The relay is stopped; she
 * opens a document she never opened: its text is there; she edits it offline; the relay comes
 * back and the edit reaches it. axe on the home page (progress, budget control, per-document
 * states) and on the editor page (the document's own state). Real relay, real Chromium.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockClient, synced } from '../support/clients.js';
import { token, type TestClaims } from '../support/tokens.js';
import {
  documentText,
  RIG_WORKSPACE,
  startCommitteeRig,
  syncStatus,
  TEXT,
  typeAt,
  unconfirmed,
  type CommitteeRig,
} from './committee-rig.js';
import { screenshots, seriousViolations } from './harness.js';
import {
  allConfirmed,
  go,
  offlineCounts,
  panelRecord,
  recordPanel,
  rowState,
  rowStates,
  waitAllOffline,
} from './offline-helpers.js';
import { writeRelayDocuments, type RelayDocument } from './relay-documents.js';

const CLAIRE: TestClaims = { sub: 'u-claire', name: 'Claire Martin', org: 'AMF' };
const HUGO: TestClaims = { sub: 'u-hugo', name: 'Hugo Petit', org: 'ADF' };
const KINDS = ['charte', 'ordre-du-jour', 'compte-rendu', 'convention'] as const;
const COUNT = 40;

/** `doc-000` is the newest, `doc-039` the oldest. */
function documents(now: number): RelayDocument[] {
  return Array.from({ length: COUNT }, (_, i) => ({
    id: `doc-${String(i).padStart(3, '0')}`,
    title: `Document de travail n° ${i + 1}`,
    kind: KINDS[i % KINDS.length]!,
    updatedAt: now - i * 60_000,
    text: `Texte propre au document n° ${i + 1}, rédigé par Hugo.`,
  }));
}

/** Claire's page, joined with a recorder of the offline panel installed first. */
async function joinRecorded(rig: CommitteeRig, claims: TestClaims): Promise<Page> {
  const context = await rig.browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await recordPanel(page);
  await page.goto(`${rig.appUrl}${rig.joinHash(token({ ws: RIG_WORKSPACE, ...claims }))}`);
  await page.getByRole('heading', { level: 1, name: `Comité « ${RIG_WORKSPACE} »` }).waitFor();
  return page;
}

describe('[Issue 10] every document of a committee ready offline', () => {
  let rig: CommitteeRig;

  beforeAll(async () => {
    rig = await startCommitteeRig();
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('downloads every document newest first, then a never-opened one is readable and editable with the relay stopped', async () => {
    const docs = documents(Date.now());
    await writeRelayDocuments(
      rig.relay.url,
      RIG_WORKSPACE,
      token({ ...HUGO, ws: RIG_WORKSPACE }),
      docs,
    );
    const page = await joinRecorded(rig, CLAIRE);

    // Mid-download, the network goes: what is here stays, the rest waits for the connection.
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('[data-offline-ready]')?.getAttribute('data-offline-ready'),
        ) >= 5,
      undefined,
      { polling: 10, timeout: 30_000 },
    );
    rig.proxy.cut();
    await expect
      .poll(async () => (await offlineCounts(page)).phase, { timeout: 15_000 })
      .toBe('paused');
    const paused = await offlineCounts(page);
    expect(paused.total).toBe(COUNT);
    expect(paused.ready).toBeLessThan(COUNT);
    // Newest first: what arrived is the newest documents (give or take the three in flight).
    const states = await rowStates(page);
    const readyIds = Object.entries(states)
      .filter(([, state]) => state === 'ready')
      .map(([id]) => Number(id.slice(4)));
    expect(readyIds).toHaveLength(paused.ready);
    expect(Math.max(...readyIds)).toBeLessThan(paused.ready + 3);
    expect(states[`doc-${String(COUNT - 1).padStart(3, '0')}`]).toBe('waiting');
    const status = page.locator('.offline-status');
    await expect
      .poll(() => status.textContent(), { timeout: 5000 })
      .toMatch(
        new RegExp(
          `^${paused.ready}\\s/\\s${COUNT} documents disponibles hors ligne\\. Téléchargement en pause, faute de connexion`,
        ),
      );
    await expect(
      page.getByRole('progressbar', { name: /Téléchargement des documents/ }).getAttribute('value'),
    ).resolves.toBe(String(paused.ready));
    await page.getByText('Changer le budget des copies hors ligne').click();
    await screenshots(page, 'offline-home-downloading');
    expect(await seriousViolations(page)).toEqual([]);

    // The network is back: the download resumes and completes.
    rig.proxy.restore();
    await waitAllOffline(page, COUNT);
    await expect
      .poll(() => rowStates(page).then((s) => Object.values(s)), { timeout: 10_000 })
      .toEqual(Array(COUNT).fill('ready'));
    const record = await panelRecord(page);
    expect(record.progressSeen).toBe(true);
    expect(
      record.statuses.some((text) => /^\d+\s\/\s40 documents disponibles hors ligne/.test(text)),
    ).toBe(true);
    // Afterwards a quiet summary, no progress bar.
    await expect
      .poll(() => status.textContent(), { timeout: 5000 })
      .toBe('Les 40\u00a0documents de ce comité sont disponibles hors ligne.');
    expect(await page.locator('.offline-panel progress').count()).toBe(0);
    const row = page.locator('li[data-document-id="doc-017"]');
    expect(await row.textContent()).toContain('Disponible hors ligne');
    await screenshots(page, 'offline-home-done');
    expect(await seriousViolations(page)).toEqual([]);

    // The relay goes away; Claire opens a document she never opened.
    await rig.relay.stop();
    await expect.poll(() => syncStatus(page), { timeout: 15_000 }).toBe('offline');
    await go(page, 'doc/doc-017');
    await page.getByRole('textbox', TEXT).waitFor();
    expect(await documentText(page)).toContain('Texte propre au document n° 18, rédigé par Hugo.');
    expect(await page.locator('.editor-header h1').textContent()).toBe('Document de travail n° 18');
    await typeAt(page, 'end', ' Complété dans le train.');
    await page.locator('[data-save-state="saved"]').waitFor();
    const docState = page.locator('[data-doc-sync]');
    expect(await docState.getAttribute('data-doc-sync')).toBe('offline');
    await expect.poll(() => docState.getAttribute('data-doc-unconfirmed')).not.toBe('0');
    expect(await docState.textContent()).toMatch(
      /Hors ligne\s: copie sur cet ordinateur.*pas encore sur le serveur/,
    );
    expect(await unconfirmed(page)).toBeGreaterThan(0);
    await screenshots(page, 'offline-editor-offline');
    expect(await seriousViolations(page)).toEqual([]);

    // The relay comes back (same store, same port): the edit reaches it.
    await rig.restartRelay();
    await allConfirmed(page, 20_000);
    expect(await docState.getAttribute('data-doc-sync')).toBe('online');
    expect(await docState.textContent()).toBe('À jour sur le serveur');
    await screenshots(page, 'offline-editor-online');
    const onRelay = await readXml(rig, 'doc-017');
    expect(onRelay).toContain('Complété dans le train.');
    await go(page, '');
    await expect.poll(() => rowState(page, 'doc-017'), { timeout: 15_000 }).toBe('ready');
  });
});

/** The text of document `id` as a fresh stock client reads it from the relay. */
async function readXml(rig: CommitteeRig, id: string): Promise<string> {
  const reader = stockClient(rig.relay.url, `${RIG_WORKSPACE}/${id}`, {
    token: token({ ...HUGO, ws: RIG_WORKSPACE }),
  });
  try {
    await synced(reader);
    return reader.doc.getXmlFragment('content').toString();
  } finally {
    reader.destroy();
  }
}
