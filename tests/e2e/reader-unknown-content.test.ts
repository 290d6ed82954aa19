/**
 * [Issue 9, point 10] A reviewer opening a document that holds a block this version of the app
 * does not know (written by a newer app, or by a hostile client): their app makes no change of
 * its own — 0 unconfirmed changes in the sync bar and in the stored sync state, whatever they
 * click —, says that part of the document cannot be shown, shows the rest, and keeps showing a
 * member's later edits live. [Point 9] In the same read-only view, a link stored with an empty
 * href and the app's "skip-link" class is plain text (a click no longer reloads the page), and
 * an http link keeps only its address. Real relay (the unknown block and the links arrive from a
 * stock y-websocket client), real Chromium.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eventually, stockClient, synced, type StockClient } from '../support/clients.js';
import { token } from '../support/tokens.js';
import {
  documentText,
  RIG_WORKSPACE,
  startCommitteeRig,
  syncStatus,
  TEXT,
  typeAt,
  unconfirmed,
  type CommitteeRig,
  type JoinedPerson,
} from './committee-rig.js';
import { screenshots, seriousViolations } from './harness.js';

const NOTICE = 'Une partie de ce document ne peut pas être affichée par cette version';

/** Every room's acknowledgement record in the page's IndexedDB (`DexieSyncStateStore`). */
const syncRecords = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<Array<{ room: string; localGeneration: number; ackedGeneration: number }>>(
        (resolve, reject) => {
          const open = indexedDB.open('entente-profile-local-sync');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('rooms').objectStore('rooms').getAll();
            all.onsuccess = () => resolve(all.result);
            all.onerror = () => reject(all.error);
          };
        },
      ),
  );

describe('[Issue 9, point 10] a reviewer and a block the app does not know', () => {
  let rig: CommitteeRig;
  let claire: JoinedPerson;
  let ines: JoinedPerson;
  let writer: StockClient;
  let room: string;

  beforeAll(async () => {
    rig = await startCommitteeRig();
    claire = await rig.join({ sub: 'u-claire', name: 'Claire Martin', org: 'AMF' });
    await claire.page.getByRole('button', { name: 'Nouvelle charte' }).click();
    await claire.page.getByRole('textbox', TEXT).waitFor();
    await typeAt(claire.page, 'end', ' Texte adopté.');
    await claire.page.locator('[data-unconfirmed="0"]').waitFor({ timeout: 15_000 });
    const id = decodeURIComponent(new URL(claire.page.url()).hash.split('/doc/')[1] ?? '');
    room = `${RIG_WORKSPACE}/${id}`;
    // Claire leaves the document: a writer's editor repairs what it cannot show by deleting it
    // (y-tiptap), and the block must still be there when the reviewer opens the document.
    await claire.page
      .getByRole('main')
      .getByRole('link', { name: `Retour au comité « ${RIG_WORKSPACE} »` })
      .click();

    // A newer app (or a hostile client) adds a block this version has no node for.
    writer = stockClient(rig.relay.url, room, {
      token: token({ sub: 'u-next', name: 'Version suivante', org: 'DNE', ws: RIG_WORKSPACE }),
    });
    await synced(writer);
    writer.doc.transact(() => {
      const fragment = writer.doc.getXmlFragment('content');
      const mystery = new Y.XmlElement('mysteryBlock');
      fragment.insert(1, [mystery]);
      const inner = new Y.XmlElement('paragraph');
      mystery.insert(0, [inner]);
      const text = new Y.XmlText();
      inner.insert(0, [text]);
      text.insert(0, 'Bloc d’une version plus récente');
      // [Point 9] Links as a hostile writer can store them: an empty one styled as the app's
      // hidden skip link, and an http one.
      const links = new Y.XmlElement('paragraph');
      fragment.insert(fragment.length, [links]);
      const linkText = new Y.XmlText();
      links.insert(0, [linkText]);
      linkText.applyDelta([
        { insert: 'Voir : ' },
        { insert: 'lien vide', attributes: { link: { href: '', class: 'skip-link' } } },
        { insert: ' et ' },
        {
          insert: 'intranet',
          attributes: { link: { href: 'http://intranet.example.org/', target: '_top' } },
        },
      ]);
    });
    await eventually(
      () => writer.provider.synced && writer.doc.getXmlFragment('content').length > 2,
    );

    ines = await rig.join({ sub: 'u-ines', name: 'Inès Roy', org: 'DGS', role: 'reviewer' });
  });

  afterAll(async () => {
    writer?.destroy();
    await rig?.close();
  });

  it('shows the rest and a notice; makes no change of its own', async () => {
    const { page } = ines;
    await page.getByRole('main').getByRole('link', { name: 'Charte du comité' }).click();
    await page.getByRole('textbox', TEXT).waitFor();
    await page.getByRole('status').filter({ hasText: NOTICE }).waitFor({ timeout: 15_000 });
    await expect.poll(() => syncStatus(page), { timeout: 15_000 }).toBe('online');
    expect(await documentText(page)).toContain('Texte adopté.');
    expect(await documentText(page)).toContain('Préambule');
    expect(await page.locator('.document-text [data-unshown="block"]').count()).toBe(1);
    expect(await documentText(page)).not.toContain('Bloc d’une version plus récente');

    // Reading, clicking, selecting: nothing of it is a change the relay would be asked to take.
    await page.getByRole('textbox', TEXT).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Shift+ArrowUp');
    await page.waitForTimeout(1500);
    expect(await unconfirmed(page)).toBe(0);
    expect(await page.locator('[data-unconfirmed]').getAttribute('data-unconfirmed')).toBe('0');
    const records = await syncRecords(page);
    for (const record of records) expect(record.localGeneration, record.room).toBe(0);

    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'reader-unshown');

    // The block is still in the document, for the apps that know it.
    expect(
      writer.doc
        .getXmlFragment('content')
        .toArray()
        .map((n) => (n as Y.XmlElement).nodeName),
    ).toContain('mysteryBlock');
  });

  it('[Point 9] a link with an empty href is plain text: clicking it does not reload the page', async () => {
    const { page } = ines;
    const url = page.url();
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    const text = page.locator('.document-text');
    expect(await text.locator('.skip-link, [target], [class~="skip-link"]').count()).toBe(0);
    expect(await text.locator('a', { hasText: 'lien vide' }).count()).toBe(0);
    await text.getByText('lien vide').click();
    await page.waitForTimeout(500);
    expect(page.url()).toBe(url);
    expect(
      await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere),
    ).toBe(true);
    // An http link renders, with only its address and the app's rel; the shell (here the web
    // bridge, as main's openExternal) opens https and mailto only, and the reader is told.
    const intranet = text.getByRole('link', { name: 'intranet' });
    expect(
      await intranet.evaluate((a) =>
        a
          .getAttributeNames()
          .sort()
          .map((n) => `${n}=${a.getAttribute(n)}`),
      ),
    ).toEqual(['href=http://intranet.example.org/', 'rel=noopener noreferrer nofollow']);
    await intranet.click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Le lien « http://intranet.example.org/ » n’a pas été ouvert' })
      .waitFor();
    await screenshots(page, 'reader-link-refused');
    expect(page.url()).toBe(url);
    expect(await unconfirmed(page)).toBe(0);
  });

  it('keeps showing members’ edits live, still with nothing unconfirmed', async () => {
    // The newer app's member types in the paragraph after its block, and adds another block.
    writer.doc.transact(() => {
      const fragment = writer.doc.getXmlFragment('content');
      const after = fragment.get(2) as Y.XmlElement;
      const text = after.get(0) as Y.XmlText;
      text.insert(text.length, ' Complété par la version suivante.');
      fragment.insert(0, [new Y.XmlElement('pollBlock')]);
    });
    await expect
      .poll(() => documentText(ines.page), { timeout: 15_000 })
      .toContain('Complété par la version suivante.');
    await expect
      .poll(() => ines.page.locator('.document-text [data-unshown="block"]').count(), {
        timeout: 15_000,
      })
      .toBe(2);
    // And Claire, in this version, types at the end.
    await claire.page.getByRole('main').getByRole('link', { name: 'Charte du comité' }).click();
    await claire.page.getByRole('textbox', TEXT).waitFor();
    await typeAt(claire.page, 'end', ' Amendement en séance.');
    await expect
      .poll(() => documentText(ines.page), { timeout: 15_000 })
      .toContain('Amendement en séance.');
    await ines.page.waitForTimeout(1000);
    expect(await unconfirmed(ines.page)).toBe(0);
    // After a reload too: nothing was counted for later.
    await ines.page.reload();
    await ines.page.getByRole('textbox', TEXT).waitFor();
    await expect.poll(() => syncStatus(ines.page), { timeout: 15_000 }).toBe('online');
    await expect.poll(() => documentText(ines.page)).toContain('Amendement en séance.');
    expect(await unconfirmed(ines.page)).toBe(0);
    for (const record of await syncRecords(ines.page)) expect(record.localGeneration).toBe(0);
    const unexpected = ines.errors.filter((error) => !/WebSocket|ERR_CONNECTION/.test(error));
    expect(unexpected).toEqual([]);
  });
});
