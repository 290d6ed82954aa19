/**
 * What the offline e2e tests read from the app: the header's counts of the committee's offline
 * copies (`data-offline-ready` / `data-offline-total` / `data-offline-phase`, on every screen of
 * a committee), each document row's `data-offline-state`, the editor's `data-doc-sync`, and a
 * recorder of the home panel's announcements installed before the app loads.
 */
import type { Page } from 'playwright';
import { RIG_WORKSPACE } from './committee-rig.js';

/** The header's counts of offline copies. */
export interface OfflineCounts {
  readonly ready: number;
  readonly total: number;
  readonly phase: string | null;
}

/** Reads the header's counts. */
export async function offlineCounts(page: Page): Promise<OfflineCounts> {
  const element = page.locator('[data-offline-total]');
  const [ready, total, phase] = await Promise.all([
    element.getAttribute('data-offline-ready'),
    element.getAttribute('data-offline-total'),
    element.getAttribute('data-offline-phase'),
  ]);
  return { ready: Number(ready), total: Number(total), phase };
}

/** Waits until the header says every document kept offline is here (and `total` of them). */
export async function waitAllOffline(page: Page, total: number, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const element = document.querySelector('[data-offline-total]');
      return (
        element?.getAttribute('data-offline-phase') === 'done' &&
        element.getAttribute('data-offline-total') === String(expected)
      );
    },
    total,
    { polling: 20, timeout: timeoutMs },
  );
}

/** The `data-offline-state` of document `id`'s row on the home page, or null. */
export function rowState(page: Page, id: string): Promise<string | null> {
  return page.locator(`li[data-document-id="${id}"]`).getAttribute('data-offline-state');
}

/** Every row's `data-offline-state`, by document id. */
export function rowStates(page: Page): Promise<Record<string, string | null>> {
  return page.evaluate(() =>
    Object.fromEntries(
      Array.from(document.querySelectorAll('li[data-document-id]')).map((row) => [
        row.getAttribute('data-document-id') ?? '',
        row.getAttribute('data-offline-state'),
      ]),
    ),
  );
}

/** Goes to a screen of the rig's committee (`#/w/<ws>/…`), as a link would. */
export async function go(page: Page, path: string): Promise<void> {
  await page.evaluate((hash) => (window.location.hash = hash), `#/w/${RIG_WORKSPACE}/${path}`);
}

/** What the recorder saw: every text of the panel's status region, and the progress bar. */
export interface PanelRecord {
  readonly statuses: string[];
  readonly progressSeen: boolean;
}

/**
 * Records, from before the app loads, each distinct text of the offline panel's status region
 * and whether its progress bar ever showed (a download may be over before a test looks).
 */
export async function recordPanel(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const record = { statuses: [] as string[], progressSeen: false };
    (window as unknown as { __panel: typeof record }).__panel = record;
    const look = (): void => {
      const status = document.querySelector('.offline-panel [role="status"]')?.textContent ?? '';
      if (status !== '' && record.statuses.at(-1) !== status) record.statuses.push(status);
      if (document.querySelector('.offline-panel progress') !== null) record.progressSeen = true;
    };
    const start = (): void =>
      new MutationObserver(look).observe(document.documentElement, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  });
}

/** What {@link recordPanel} saw so far. */
export function panelRecord(page: Page): Promise<PanelRecord> {
  return page.evaluate(() => (window as unknown as { __panel: PanelRecord }).__panel);
}

/** Waits until the header says online with nothing unconfirmed. */
export async function allConfirmed(page: Page, timeoutMs = 20_000): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('[data-unconfirmed]')?.getAttribute('data-unconfirmed') === '0' &&
      document.querySelector('[data-sync-status]')?.getAttribute('data-sync-status') === 'online',
    undefined,
    { polling: 20, timeout: timeoutMs },
  );
}
