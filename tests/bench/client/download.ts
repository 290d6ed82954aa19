/**
 * Measure 5: the first offline download of a big committee. A member who never joined before
 * (a fresh profile) opens the invitation link of a committee of N charter-sized documents; the
 * app downloads every one in the background over the committee's one connection. Timed: from
 * the navigation to the link (the page's `performance.timeOrigin`) to the moment the header's
 * offline count says every document is on this computer
 * (`data-offline-phase="done"`). Meanwhile she has the demo charter open and types in it at a
 * human pace: the probe times each keystroke to its paint, and only the keystrokes made before
 * the download ended count. Then the proxy is cut and the oldest document — never opened — is
 * opened: its articles must show, read from this computer alone.
 */
import type { Page } from 'playwright';
import { DEMO_WORKSPACE_ID } from '../../../shared/demo/members.js';
import type { KeystrokeSample } from './page/api.js';
import { launchProfile } from './browser.js';
import { otherCoresNow, type BenchContext } from './context.js';
import { joinCommittee, type DemoRelay } from './relay-setup.js';
import { sleep } from '../relay/stats.js';

/** One round: a fresh profile joins and downloads everything. */
export interface DownloadRound {
  /** Navigation to the invitation link → header says every document is here, ms. */
  readonly doneMs: number;
  /** Navigation → the header first counts the committee's documents (the index arrived), ms. */
  readonly listedMs: number;
  /** Documents the header counted at the end. */
  readonly total: number;
  /** Keystrokes typed (and painted) before the download ended. */
  readonly samples: readonly KeystrokeSample[];
  /** The oldest document, never opened, showed its articles with the network cut. */
  readonly readableOffline: boolean;
  readonly otherCores: number;
}

/** Every round. */
export interface DownloadReport {
  /** Charter-sized documents added to the demo committee. */
  readonly documents: number;
  readonly rounds: readonly DownloadRound[];
}

/** What the page records of the header's offline count (installed before the app runs). */
interface OfflineWatch {
  listedAt: number | null;
  doneAt: number | null;
  total: number;
}

declare global {
  interface Window {
    /** Set by this measure's init script. */
    __benchOffline?: OfflineWatch;
  }
}

/**
 * Records when the header first lists documents and when it first says done, from a
 * MutationObserver on its attributes: the moment React commits them. Not an animation-frame
 * loop: asking for a frame on every vsync keeps Chromium's frame clock busy, and every
 * keystroke would then wait for the next tick (see "Where a keystroke's time goes").
 * A string, not a function: tsx compiles nested functions with a `__name` helper the page
 * does not have.
 */
const WATCH_OFFLINE_COUNT = `(() => {
  const watch = { listedAt: null, doneAt: null, total: 0 };
  window.__benchOffline = watch;
  const check = () => {
    if (watch.doneAt !== null) return;
    const el = document.querySelector('[data-offline-total]');
    const total = Number(el?.getAttribute('data-offline-total') ?? 0);
    if (total > 0 && watch.listedAt === null) watch.listedAt = performance.now();
    if (el?.getAttribute('data-offline-phase') === 'done' && total > 0) {
      watch.doneAt = performance.now();
      watch.total = total;
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  const start = () =>
    observer.observe(document.documentElement, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-offline-total', 'data-offline-phase'],
    });
  if (document.documentElement) start();
  else document.addEventListener('DOMContentLoaded', start);
})();`;

const readWatch = (page: Page): Promise<OfflineWatch | undefined> =>
  page.evaluate(() => window.__benchOffline);

/** Printable characters typed into the charter while the download runs. */
const WORDS = 'le comite examine le projet de charte et precise les engagements des partenaires ';

/** Runs the measure: `ids` are the documents added to the demo committee on `relay`. */
export async function measureDownload(
  ctx: BenchContext,
  relay: DemoRelay,
  ids: readonly string[],
): Promise<DownloadReport> {
  const ws = DEMO_WORKSPACE_ID;
  const plan = ctx.plan.download;
  const rounds: DownloadRound[] = [];
  for (let round = 0; round < plan.rounds; round++) {
    const otherCores = await otherCoresNow();
    const session = await launchProfile(`${ctx.profiles.download}-${round}`, { config: null });
    const { page } = session;
    try {
      await page.addInitScript({ content: WATCH_OFFLINE_COUNT });
      const member = { sub: `u-download-${round}`, name: 'Léa Morel', org: 'ARF', ws };
      await joinCommittee(page, ctx.url, relay.proxyUrl, member);
      // The charter, opened without a reload (the same page, so the same clock).
      await page.evaluate((hash) => (window.location.hash = hash), `#/w/${ws}/doc/charte-2026`);
      const editable = page.locator('.document-text[contenteditable="true"]');
      await editable.locator('p').first().waitFor({ timeout: 30_000 });
      await editable.click();
      await page.keyboard.press('Control+End');
      await page.evaluate(() => window.ententeProbe!.clearKeystrokes());
      // A fixed number, nothing asked of the page meanwhile (as in the typing measure): the
      // page's own script says when the download ended, and later keystrokes are left out.
      for (let typed = 0; typed < plan.keystrokes; typed++) {
        await page.keyboard.type(WORDS[typed % WORDS.length]!);
        await sleep(plan.keyDelayMs[0] + Math.random() * (plan.keyDelayMs[1] - plan.keyDelayMs[0]));
      }
      await page.waitForFunction(() => window.__benchOffline?.doneAt != null, undefined, {
        timeout: 120_000,
      });
      const watch = (await readWatch(page))!;
      const doneAt = watch.doneAt!;
      // Only what was typed during the download, and painted (a last keystroke may not be).
      const samples = (await page.evaluate(() => window.ententeProbe!.keystrokes())).filter(
        (s) => s.event < doneAt && s.painted !== null,
      );
      // Never opened, the oldest: read from this computer with the network cut.
      relay.proxy.cut();
      await page.locator('[data-sync-status="offline"]').first().waitFor({ timeout: 30_000 });
      const oldest = ids[ids.length - 1]!;
      await page.evaluate((hash) => (window.location.hash = hash), `#/w/${ws}/doc/${oldest}`);
      const readableOffline = await page
        .locator('.document-text h2')
        .first()
        .waitFor({ timeout: 10_000 })
        .then(
          () => true,
          () => false,
        );
      relay.proxy.restore();
      rounds.push({
        doneMs: doneAt,
        listedMs: watch.listedAt ?? Number.NaN,
        total: watch.total,
        samples,
        readableOffline,
        otherCores,
      });
      ctx.log(
        `download round ${round + 1}: ${watch.total} documents offline in ${Math.round(doneAt)} ms (listed at ${Math.round(watch.listedAt ?? Number.NaN)} ms); ${samples.length} keystrokes during it; oldest readable offline: ${readableOffline}`,
      );
      if (session.errors.length > 0)
        ctx.notes.push(`download round ${round + 1}: page errors: ${session.errors.join('; ')}`);
    } finally {
      relay.proxy.restore();
      await session.close();
    }
  }
  return { documents: ids.length, rounds };
}
