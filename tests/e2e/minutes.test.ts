/**
 * Two members of the secretariat prepare the minutes of the same meeting at once, both offline:
 * each seeds the minutes template on their own replica. After reconnection they have one
 * document, in one list entry, with the template once and both members' lines once each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  documentText,
  occurrences,
  startCommitteeRig,
  syncStatus,
  TEXT,
  typeAt,
  unconfirmed,
  type CommitteeRig,
  type Person,
} from './committee-rig.js';

/** Headings of the minutes template (shared/schema/templates.ts), each expected once. */
const TEMPLATE_HEADINGS = ['Présents', 'Excusés', 'Points abordés', 'Décisions', 'Actions'];

describe('minutes of a meeting prepared on two replicas at once', () => {
  let rig: CommitteeRig;
  let claire: Person;
  let hugo: Person;

  beforeAll(async () => {
    rig = await startCommitteeRig();
    claire = await rig.join({ sub: 'u-claire', name: 'Claire Martin', org: 'AMF' });
    hugo = await rig.join({ sub: 'u-hugo', name: 'Hugo Petit', org: 'ADF' });
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('is one document with the template once and every line once', async () => {
    await claire.page.getByRole('button', { name: 'Nouvel ordre du jour' }).click();
    await claire.page.getByRole('textbox', TEXT).waitFor();
    await hugo.page.getByRole('main').getByRole('link', { name: 'Ordre du jour' }).click();
    await hugo.page.getByRole('textbox', TEXT).waitFor();
    for (const { page } of [claire, hugo]) {
      await expect.poll(() => syncStatus(page), { timeout: 15_000 }).toBe('online');
    }

    rig.proxy.cut();
    for (const { page } of [claire, hugo]) {
      await expect.poll(() => syncStatus(page)).toBe('offline');
      await page.getByRole('button', { name: 'Préparer le compte rendu de cette séance' }).click();
      await page.getByRole('heading', { level: 1, name: 'Compte rendu de séance' }).waitFor();
    }
    expect(claire.page.url()).toBe(hugo.page.url());
    await typeAt(claire.page, 'end', 'Claire : la séance est ouverte à 10 h.');
    await typeAt(hugo.page, 'end', 'Hugo : le quorum est atteint.');
    const offline = await documentText(claire.page);
    expect(occurrences(offline, 'Points abordés')).toBe(1);

    rig.proxy.restore();
    for (const { page } of [claire, hugo]) {
      await expect.poll(() => unconfirmed(page), { timeout: 30_000 }).toBe(0);
    }
    await expect
      .poll(async () => (await documentText(claire.page)) === (await documentText(hugo.page)), {
        timeout: 15_000,
      })
      .toBe(true);
    const merged = await documentText(claire.page);
    for (const heading of TEMPLATE_HEADINGS) expect(occurrences(merged, heading)).toBe(1);
    expect(occurrences(merged, 'Claire : la séance est ouverte à 10 h.')).toBe(1);
    expect(occurrences(merged, 'Hugo : le quorum est atteint.')).toBe(1);

    // One entry in the committee's list.
    await claire.page
      .getByRole('main')
      .getByRole('link', { name: /Retour au comité/ })
      .click();
    const minutes = claire.page.getByRole('region', { name: 'Compte rendu' }).getByRole('link');
    // The list renders once the page has read the index (a React commit after the route).
    await expect.poll(() => minutes.allTextContents()).toEqual(['Compte rendu de séance']);
    // Chromium logs every refused reconnection while the proxy is cut, and every failed probe
    // of the relay (`GET /healthz`, whose log line names no URL; the error depends on when the
    // cut caught the request: reset, or a socket not connected yet); nothing else may appear.
    const unexpected = [...claire.errors, ...hugo.errors].filter(
      (error) =>
        !/^WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/_mux' failed/.test(error) &&
        !/^Failed to load resource: net::ERR_(CONNECTION_RESET|SOCKET_NOT_CONNECTED)$/.test(error),
    );
    expect(unexpected).toEqual([]);
  });
});
