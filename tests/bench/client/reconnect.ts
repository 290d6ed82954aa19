/**
 * Measure 4: the network comes back. A member of a committee of 50 documents (plus the demo's)
 * has them on this computer; the proxy in front of the relay is cut; she edits every one of
 * the 50 and leaves each (closed documents with unconfirmed edits, sent in the background);
 * then the proxy is restored. Timed: from the restore to the header's count of unconfirmed
 * changes reaching 0 — every room's changes acknowledged by the relay, i.e. durably stored —
 * seen in the page by a MutationObserver. A stock client then reads every document from
 * the relay, to check each edit is really there.
 */
import { DEMO_WORKSPACE_ID } from '../../../shared/demo/members.js';
import { stockClient, synced } from '../../support/clients.js';
import { token } from '../../support/tokens.js';
import { launchProfile } from './browser.js';
import { otherCoresNow, type BenchContext } from './context.js';
import { joinCommittee, type DemoRelay } from './relay-setup.js';

/** One round: offline edits in every document, then the restore. */
export interface ReconnectRound {
  /** The header's unconfirmed count just before the restore. */
  readonly unconfirmedBefore: number;
  /** Restore → header at 0 unconfirmed, ms. */
  readonly confirmedMs: number;
  /** Restore → the committee's connection open again, ms. */
  readonly openedMs: number;
  /** Every document's edit read back from the relay. */
  readonly allOnRelay: boolean;
  readonly otherCores: number;
}

/** Every round. */
export interface ReconnectReport {
  readonly documents: number;
  readonly rounds: readonly ReconnectRound[];
}

const unconfirmedOf = (page: import('playwright').Page) =>
  page
    .locator('[data-unconfirmed]')
    .first()
    .getAttribute('data-unconfirmed')
    .then((v) => Number(v));

/** The text of `room` (the editor's `content` fragment) as a stock client reads it. */
async function relayText(url: string, room: string, jwt: string): Promise<string> {
  const reader = stockClient(url, room, { token: jwt });
  try {
    await synced(reader);
    return reader.doc.getXmlFragment('content').toString();
  } finally {
    reader.destroy();
  }
}

/** Runs the measure on `ids`, documents of the demo committee on `relay`. */
export async function measureReconnect(
  ctx: BenchContext,
  relay: DemoRelay,
  ids: readonly string[],
): Promise<ReconnectReport> {
  const session = await launchProfile(ctx.profiles.reconnect, { config: null });
  const { page } = session;
  const ws = DEMO_WORKSPACE_ID;
  const member = { sub: 'u-reconnect', name: 'Inès Roy', org: 'DGS', ws };
  try {
    await joinCommittee(page, ctx.url, relay.proxyUrl, member);
    // Every document on this computer first: opened once online.
    for (const id of ids) {
      await page.goto(`${ctx.url}#/w/${ws}/doc/${id}`);
      await page.locator('.document-text h2').first().waitFor({ timeout: 30_000 });
    }
    await page.goto(`${ctx.url}#/w/${ws}/`);
    await page.locator('[data-unconfirmed="0"]').first().waitFor({ timeout: 60_000 });
    const rounds: ReconnectRound[] = [];
    for (let round = 0; round < ctx.plan.reconnect.rounds; round++) {
      relay.proxy.cut();
      await page.locator('[data-sync-status="offline"]').first().waitFor({ timeout: 30_000 });
      for (const [i, id] of ids.entries()) {
        await page.goto(`${ctx.url}#/w/${ws}/doc/${id}`);
        const text = page.locator('.document-text');
        await text.locator('h2').first().waitFor();
        await text.click();
        await page.keyboard.press('Control+End');
        await page.keyboard.type(` hors ligne ${round}-${i}`);
        await page.locator('[data-save-state="saved"]').waitFor();
      }
      await page.goto(`${ctx.url}#/w/${ws}/`);
      const unconfirmedBefore = await unconfirmedOf(page);
      const otherCores = await otherCoresNow();
      // The page times itself: restore → the moment the count reads 0, seen by a
      // MutationObserver set up before the restore (`__benchConfirmed`; no animation-frame
      // loop, whose frames would compete with the app). A string, not a function: tsx compiles
      // nested functions with a `__name` helper the page does not have.
      await page.evaluate(`window.__benchConfirmed = new Promise((resolve) => {
        const started = performance.now();
        const observer = new MutationObserver(() => {
          const el = document.querySelector('[data-unconfirmed]');
          if (el?.getAttribute('data-unconfirmed') !== '0') return;
          observer.disconnect();
          resolve(performance.now() - started);
        });
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['data-unconfirmed'],
        });
      }); undefined`);
      const restoredAt = (await page.evaluate(
        'performance.timeOrigin + performance.now()',
      )) as number;
      relay.proxy.restore();
      const confirmedMs = (await page.evaluate('window.__benchConfirmed')) as number;
      // When the committee's connection opened again (the probe's WebSocket timestamps).
      const opens = await page.evaluate(() => window.ententeProbe!.sockets().opens);
      const reopened = opens.find((open) => open.at > restoredAt && open.url.endsWith('/_mux'));
      const openedMs = reopened === undefined ? Number.NaN : reopened.at - restoredAt;
      const texts = await Promise.all(
        ids.map((id) =>
          relayText(
            relay.directUrl,
            `${ws}/${id}`,
            token({ sub: 'lecteur', role: 'observer', ws }),
          ),
        ),
      );
      const missing = ids.filter((_, i) => !texts[i]!.includes(`hors ligne ${round}-${i}`));
      const allOnRelay = missing.length === 0;
      if (!allOnRelay)
        ctx.notes.push(
          `reconnect round ${round + 1}: edits not on the relay in ${missing.join(', ')}; e.g. ${missing[0]} reads «${texts[ids.indexOf(missing[0]!)]!.slice(-300)}»`,
        );
      rounds.push({ unconfirmedBefore, confirmedMs, openedMs, allOnRelay, otherCores });
      ctx.log(
        `reconnect round ${round + 1}: ${unconfirmedBefore} unconfirmed → 0 in ${Math.round(confirmedMs)} ms (connection open after ${Math.round(openedMs)} ms); all on the relay: ${allOnRelay}`,
      );
    }
    return { documents: ids.length, rounds };
  } finally {
    await session.close();
  }
}
