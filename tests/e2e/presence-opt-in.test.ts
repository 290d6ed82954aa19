/**
 * [Issue 10] Presence only where the member is: a room the app keeps in the background — the
 * committee's index, a document downloaded for offline reading, one closed with changes the
 * relay has not stored yet (here the committee's storage on the relay is full, 4507, so the
 * room stays and keeps rejoining) — publishes no presence. Another member with the document
 * open sees her while her editor shows it, and never otherwise; stock y-websocket clients in
 * the document's room and in the index record every awareness state the relay relays, so even
 * a presence of a few milliseconds would be seen. Before presence was opt-in, these rooms
 * published y-protocols' initial empty state, which the relay fills with the member's name:
 * seen at the 15-second renewal in the index, and again at each rejoin of the closed document.
 * Real relay, real Chromium.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockClient, synced, type StockClient } from '../support/clients.js';
import { token, type TestClaims } from '../support/tokens.js';
import {
  accessProblem,
  RIG_WORKSPACE,
  startCommitteeRig,
  TEXT,
  unconfirmed,
  type CommitteeRig,
} from './committee-rig.js';
import { go, rowState } from './offline-helpers.js';

const CLAIRE: TestClaims = { sub: 'u-claire', name: 'Claire Martin', org: 'AMF' };
const HUGO: TestClaims = { sub: 'u-hugo', name: 'Hugo Petit', org: 'ADF' };

/** Hugo's page, recording from before the app loads each time Claire appears in his list. */
async function joinRecordingPresence(rig: CommitteeRig): Promise<Page> {
  const context = await rig.browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const record = { appearances: 0, present: false };
    (window as unknown as { __claire: typeof record }).__claire = record;
    const look = (): void => {
      const present = document.querySelector('[data-presence-name="Claire Martin"]') !== null;
      if (present && !record.present) record.appearances += 1;
      record.present = present;
    };
    const start = (): void =>
      new MutationObserver(look).observe(document.documentElement, {
        subtree: true,
        childList: true,
      });
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  });
  await page.goto(`${rig.appUrl}${rig.joinHash(token({ ws: RIG_WORKSPACE, ...HUGO }))}`);
  await page.getByRole('heading', { level: 1, name: `Comité « ${RIG_WORKSPACE} »` }).waitFor();
  return page;
}

/** A stock client in `room` counting the times Claire's presence arrives (it shows none itself). */
async function presenceWatcher(rig: CommitteeRig, room: string) {
  const client: StockClient = stockClient(rig.relay.url, room, {
    token: token({
      ws: RIG_WORKSPACE,
      sub: 'u-observer',
      name: 'Observateur',
      org: 'Test',
      role: 'observer',
    }),
  });
  client.provider.awareness.setLocalState(null);
  const record = { appearances: 0, present: false };
  client.provider.awareness.on('change', () => {
    const present = [...client.provider.awareness.getStates().values()].some(
      (state) => (state as { user?: { name?: unknown } }).user?.name === 'Claire Martin',
    );
    if (present && !record.present) record.appearances += 1;
    record.present = present;
  });
  await synced(client);
  return { record, destroy: () => client.destroy() };
}

/** How many times Claire appeared in Hugo's presence list so far, and whether she is there. */
const claireSeen = (page: Page): Promise<{ appearances: number; present: boolean }> =>
  page.evaluate(
    () => (window as unknown as { __claire: { appearances: number; present: boolean } }).__claire,
  );

describe('[Issue 10] presence only while an editor shows the document', () => {
  let rig: CommitteeRig;

  beforeAll(async () => {
    // Room for the documents, not for a long paste on top: Claire's changes then wait (4507).
    rig = await startCommitteeRig({ env: { ENTENTE_MAX_WORKSPACE_BYTES: '40000' } });
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('a document downloaded in the background or kept for unconfirmed changes shows nobody', async () => {
    const hugo = await joinRecordingPresence(rig);
    await hugo.getByRole('button', { name: 'Nouvelle charte' }).click();
    await hugo.getByRole('textbox', TEXT).waitFor();
    const id = decodeURIComponent(new URL(hugo.url()).hash.split('/doc/')[1] ?? '');
    await hugo.locator('[data-presence-name="Hugo Petit"]').waitFor();

    // Claire's app downloads the document she never opened: she is not "present" in it, nor
    // in the committee's index, which her app keeps in sync all along.
    const inDocument = await presenceWatcher(rig, `${RIG_WORKSPACE}/${id}`);
    const inIndex = await presenceWatcher(rig, `${RIG_WORKSPACE}/_index`);
    const claire = await rig.join(CLAIRE);
    await expect.poll(() => rowState(claire.page, id), { timeout: 15_000 }).toBe('ready');
    await claire.page.waitForTimeout(500);
    expect(await claireSeen(hugo)).toEqual({ appearances: 0, present: false });
    expect(inDocument.record).toEqual({ appearances: 0, present: false });
    expect(inIndex.record).toEqual({ appearances: 0, present: false });

    // She opens it: Hugo sees her, she sees him.
    await go(claire.page, `doc/${id}`);
    await claire.page.getByRole('textbox', TEXT).waitFor();
    await hugo.locator('[data-presence-name="Claire Martin"]').waitFor();
    await claire.page.locator('[data-presence-name="Hugo Petit"]').waitFor();
    expect(inDocument.record).toEqual({ appearances: 1, present: true });

    // A long paste the committee's storage cannot hold: her changes wait on this computer.
    await claire.page.getByRole('textbox', TEXT).click();
    await claire.page.keyboard.press('Control+End');
    await claire.page.keyboard.insertText(`Annexe : ${'relevé de décisions '.repeat(2500)}`);
    await expect.poll(() => accessProblem(claire.page), { timeout: 20_000 }).toBe('workspace-full');
    expect(await unconfirmed(claire.page)).toBeGreaterThan(0);

    // She closes it; the room stays, for her changes, in the background: Hugo no longer sees her.
    await go(claire.page, '');
    await expect.poll(() => rowState(claire.page, id), { timeout: 10_000 }).toBe('unconfirmed');
    await hugo
      .locator('[data-presence-name="Claire Martin"]')
      .waitFor({ state: 'detached', timeout: 10_000 });
    const left = await claireSeen(hugo);
    // The room keeps rejoining with backoff meanwhile, and y-protocols renews a member's own
    // state every 15 s (which made an empty one visible at last): none of it brings her back,
    // in the document or in the index.
    await claire.page.waitForTimeout(16_000);
    expect(await rowState(claire.page, id)).toBe('unconfirmed');
    expect(await claireSeen(hugo)).toEqual({ appearances: left.appearances, present: false });
    expect(left.appearances).toBe(1);
    expect(inDocument.record).toEqual({ appearances: 1, present: false });
    expect(inIndex.record).toEqual({ appearances: 0, present: false });
    inDocument.destroy();
    inIndex.destroy();
  });
});
