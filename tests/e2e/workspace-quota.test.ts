/**
 * [Issue 9, point 3, the app's side] A committee whose storage on the relay is full: the relay
 * closes a connection whose update would pass `ENTENTE_MAX_WORKSPACE_BYTES` (4507, retryable).
 * The app says so in words a member understands, keeps the edit as unconfirmed, goes on retrying
 * with its backoff, and sends it once there is room (here: the relay restarted with a larger
 * quota). Real relay, real Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import {
  documentText,
  startCommitteeRig,
  TEXT,
  typeAt,
  unconfirmed,
  type CommitteeRig,
  type JoinedPerson,
  accessProblem,
} from './committee-rig.js';
import { screenshots, seriousViolations } from './harness.js';

/** Room for the index and a charter from its template, not for a long appendix on top. */
const SMALL_QUOTA = 40_000;
const APPENDIX = `Annexe : ${'relevé de décisions '.repeat(2500)}`;

describe('[Issue 9, point 3] the committee’s storage on the relay is full', () => {
  let rig: CommitteeRig;
  let claire: JoinedPerson;
  let hugo: JoinedPerson;
  let bigger: RelayProcess | undefined;

  beforeAll(async () => {
    rig = await startCommitteeRig({ env: { ENTENTE_MAX_WORKSPACE_BYTES: String(SMALL_QUOTA) } });
    claire = await rig.join({ sub: 'u-claire', name: 'Claire Martin', org: 'AMF' });
    hugo = await rig.join({ sub: 'u-hugo', name: 'Hugo Petit', org: 'ADF' });
  });

  afterAll(async () => {
    await bigger?.stop();
    await rig?.close();
  });

  it('says the storage is full, keeps the edit unconfirmed, and keeps retrying', async () => {
    const { page } = claire;
    await page.getByRole('button', { name: 'Nouvelle charte' }).click();
    await page.getByRole('textbox', TEXT).waitFor();
    await typeAt(page, 'end', ' Tient dans le quota.');
    await expect.poll(() => unconfirmed(page), { timeout: 15_000 }).toBe(0);

    await page.keyboard.insertText(APPENDIX);
    await expect.poll(() => accessProblem(page), { timeout: 20_000 }).toBe('workspace-full');
    const alert = page.locator('[data-access-problem]');
    expect(await alert.textContent()).toContain(
      'L’espace de stockage de ce comité sur le serveur est plein',
    );
    expect(await alert.textContent()).toContain('vos modifications restent sur cet ordinateur');
    expect(await unconfirmed(page)).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'access-workspace-full');

    // It keeps retrying: the relay keeps being asked, and keeps refusing.
    // Each refusal is a "connection closed" line with the code in the relay's JSON log.
    const refusals = (): number =>
      rig.relay.logs.filter((line) => line.includes('"code":4507')).length;
    const before = refusals();
    await expect.poll(refusals, { timeout: 20_000 }).toBeGreaterThan(before);
    expect(await accessProblem(page)).toBe('workspace-full');
    expect(await unconfirmed(page)).toBeGreaterThan(0);

    // Reading still works: Hugo opens the charter and sees what was stored before.
    await hugo.page.getByRole('main').getByRole('link', { name: 'Charte du comité' }).click();
    await hugo.page.getByRole('textbox', TEXT).waitFor();
    await expect
      .poll(() => documentText(hugo.page), { timeout: 15_000 })
      .toContain('Tient dans le quota.');
    expect(await documentText(hugo.page)).not.toContain('relevé de décisions');
  });

  it('sends the edit once there is room again, and the alert goes', async () => {
    // The operator raises the quota: the same store, port and secret, restarted.
    const { port, dataDir } = rig.relay;
    await rig.relay.stop();
    bigger = await startRelayProcess({ port, dataDir });
    const { page } = claire;
    await expect.poll(() => unconfirmed(page), { timeout: 90_000 }).toBe(0);
    await expect.poll(() => accessProblem(page), { timeout: 10_000 }).toBeNull();
    await expect
      .poll(() => documentText(hugo.page), { timeout: 30_000 })
      .toContain('relevé de décisions');
  });
});
