/**
 * Measure 3: two members each make 10,000 edits offline, then merge. Two real app pages (two
 * Chromium profiles, so two IndexedDBs), members of the demo committee through the cuttable
 * proxy, open the same fresh minutes document; the proxy is cut; each page replays its own
 * trace through its editor (`pm-replay.ts`, one ProseMirror transaction per trace transaction,
 * stored and counted unconfirmed by the app); the proxy is restored and the app reconnects by
 * itself (its own backoff). The merge time runs from the later of the two reconnections (the
 * WebSocket `open` of the document's room, as the probe saw it) until both editors show the
 * same text, holding both replicas' edits — the later of the two pages' last text change. Also
 * timed in the bench page: the same merge with Yjs alone (two Y.Docs, state-vector diffs both
 * ways), to show what the CRDT costs.
 */
import type { Page } from 'playwright';
import * as Y from 'yjs';
import { seedDocument } from '../../../shared/schema/seed.js';
import { setTitle } from '../../../shared/schema/doc-schema.js';
import { TEMPLATES } from '../../../shared/schema/templates.js';
import { stockClient, synced } from '../../support/clients.js';
import { token } from '../../support/tokens.js';
import { sleep, until } from '../relay/stats.js';
import type { ContentState, YjsMergeResult } from './page/api.js';
import { launchProfile, type BrowserSession } from './browser.js';
import { otherCoresNow, type BenchContext } from './context.js';
import { joinCommittee, type DemoRelay } from './relay-setup.js';
import { DEMO_WORKSPACE } from './typing.js';
import { BENCH_PAGE } from './web-root.js';

/** One merge through the app and the relay. */
export interface MergeRound {
  /** Proxy restored → each page's WebSocket open again (the app's backoff), ms. */
  readonly reconnectMs: readonly [number, number];
  /** Later reconnection → both editors show the same merged text. */
  readonly mergeMs: number;
  /** Earlier reconnection → the same. */
  readonly fromFirstReconnectMs: number;
  /** Later reconnection → both pages say online with nothing unconfirmed (polled every 50 ms). */
  readonly confirmedMs: number;
  /** Each page's offline replay, ms. */
  readonly replayMs: readonly [number, number];
  /** Characters of the merged text. */
  readonly chars: number;
  readonly otherCores: number;
}

/** Measure 3's results. */
export interface MergeReport {
  readonly edits: number;
  readonly traces: readonly [string, string];
  readonly rounds: readonly MergeRound[];
  readonly yjs: readonly YjsMergeResult[];
}

const now = (): number => performance.timeOrigin + performance.now();

/** Puts a fresh minutes document on the relay, as a member creating it would. */
async function createOnRelay(relay: DemoRelay, id: string): Promise<void> {
  const room = `${DEMO_WORKSPACE}/${id}`;
  const doc = new Y.Doc();
  seedDocument(doc, TEMPLATES['compte-rendu'](), room);
  setTitle(doc, `Fusion ${id}`);
  const params = { token: token({ sub: 'u-seed', ws: DEMO_WORKSPACE }) };
  const writer = stockClient(relay.directUrl, room, params, doc);
  await synced(writer);
  const reader = stockClient(relay.directUrl, room, params);
  await synced(reader);
  await until(() => reader.doc.getXmlFragment('content').length > 0, 10_000, 'the seeded room');
  // Destroying the docs too stops the awareness timers the providers leave behind.
  for (const client of [writer, reader]) {
    client.destroy();
    client.doc.destroy();
  }
}

async function join(ctx: BenchContext, profile: string, relay: DemoRelay, who: string) {
  const session = await launchProfile(profile, { config: null });
  const member = { sub: `u-${who}`, name: who, org: 'CDC', ws: DEMO_WORKSPACE };
  await joinCommittee(session.page, ctx.url, relay.proxyUrl, member);
  return session;
}

const status = (page: Page, value: string) =>
  page.locator(`[data-sync-status="${value}"]`).waitFor({ timeout: 60_000 });
const content = (page: Page): Promise<ContentState> =>
  page.evaluate(() => window.ententeProbe!.content());
/**
 * When the page's WebSockets carrying `room` opened: the committee's one multiplexed connection
 * (`/_mux`, every room of the committee on it), or a per-room socket (`/<room>`, older builds).
 */
const opens = async (page: Page, room: string): Promise<number[]> =>
  (await page.evaluate(() => window.ententeProbe!.sockets())).opens
    .filter((open) => ['/_mux', `/${room}`].includes(new URL(open.url).pathname))
    .map((open) => open.at);
const confirmed = async (page: Page): Promise<boolean> =>
  (await page.locator('[data-sync-status]').getAttribute('data-sync-status')) === 'online' &&
  (await page.locator('[data-unconfirmed]').getAttribute('data-unconfirmed')) === '0';

/**
 * Polls both pages until their editors show the same text holding both replicas' `markers`
 * and both say online with nothing unconfirmed; returns their last content changes.
 */
async function waitMerged(
  pages: readonly [Page, Page],
  markers: readonly string[],
): Promise<{ states: ContentState[]; confirmedAt: number }> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const states = await Promise.all(pages.map(content));
    const [a, b] = states;
    const merged =
      a !== undefined &&
      b !== undefined &&
      a.text === b.text &&
      markers.every((m) => a.text.includes(m));
    if (merged && (await confirmed(pages[0])) && (await confirmed(pages[1]))) {
      return { states, confirmedAt: now() };
    }
    if (Date.now() > deadline) throw new Error('merge: the two editors did not converge in 180 s');
    await sleep(50);
  }
}

async function mergeRound(
  ctx: BenchContext,
  relay: DemoRelay,
  pages: readonly [Page, Page],
  traces: readonly [string, string],
  round: number,
): Promise<MergeRound> {
  const id = `fusion-${round + 1}`;
  await createOnRelay(relay, id);
  for (const page of pages) {
    await page.goto(`${ctx.url}#/w/${DEMO_WORKSPACE}/doc/${id}`);
    await page.locator('.document-text[contenteditable="true"] table').waitFor();
    await status(page, 'online');
  }
  relay.proxy.cut();
  await Promise.all(pages.map((page) => status(page, 'offline')));
  const otherCores = await otherCoresNow();
  const replays = await Promise.all(
    pages.map((page, i) => page.evaluate((json) => window.ententeProbe!.replay(json), traces[i]!)),
  );
  for (const page of pages) {
    await page.locator('[data-save-state="saved"]').waitFor({ timeout: 120_000 });
    await page.evaluate(() => window.ententeProbe!.watchContent());
  }
  const room = `${DEMO_WORKSPACE}/${id}`;
  const before = await Promise.all(pages.map((page) => opens(page, room)));
  const markers = replays.map((r) => r.text.slice(-40));
  const restoredAt = now();
  relay.proxy.restore();
  const { states, confirmedAt } = await waitMerged(pages, markers);
  const reconnected = await Promise.all(
    pages.map(async (page, i) => (await opens(page, room))[before[i]?.length ?? 0] ?? Number.NaN),
  );
  const [first, later] = [Math.min(...reconnected), Math.max(...reconnected)];
  const mergedAt = Math.max(...states.map((s) => s.changedAt));
  if (process.env.BENCH_DEBUG === '1')
    states.forEach((s, i) =>
      ctx.log(
        `page ${i}: opened ${((reconnected[i] ?? NaN) - restoredAt).toFixed(0)}; changes ${s.changes.map((c) => `${(c.at - restoredAt).toFixed(0)}:${c.length}`).join(' ')}`,
      ),
    );
  return {
    reconnectMs: [reconnected[0]! - restoredAt, reconnected[1]! - restoredAt],
    mergeMs: mergedAt - later,
    fromFirstReconnectMs: mergedAt - first,
    confirmedMs: confirmedAt - later,
    replayMs: [replays[0]!.ms, replays[1]!.ms],
    chars: states[0]?.text.length ?? 0,
    otherCores,
  };
}

async function yjsMerges(ctx: BenchContext, traces: readonly [string, string]) {
  const session = await launchProfile(ctx.profiles.mergeA);
  const results: YjsMergeResult[] = [];
  try {
    for (let i = 0; i < ctx.plan.merge.yjsRounds; i++) {
      await session.page.goto(`${ctx.url}${BENCH_PAGE}`);
      await session.page.waitForFunction(() => window.ententeBench !== undefined);
      results.push(
        await session.page.evaluate(([a, b, n]) => window.ententeBench!.yjsMerge(a, b, n), [
          traces[0],
          traces[1],
          ctx.plan.merge.edits,
        ] as const),
      );
    }
  } finally {
    await session.close();
  }
  return results;
}

/** Measure 3 with two sequential traces, `names` for the report. */
export async function measureMerge(
  ctx: BenchContext,
  relay: DemoRelay,
  traces: readonly [{ name: string; json: string }, { name: string; json: string }],
): Promise<MergeReport> {
  const json: [string, string] = [traces[0].json, traces[1].json];
  const yjs = await yjsMerges(ctx, json);
  ctx.log(`merge, Yjs alone: ${yjs.map((r) => r.ms.toFixed(1)).join(', ')} ms`);
  const sessions: BrowserSession[] = [];
  try {
    sessions.push(await join(ctx, ctx.profiles.mergeA, relay, 'Alice Durand'));
    sessions.push(await join(ctx, ctx.profiles.mergeB, relay, 'Bruno Morel'));
    const pages: [Page, Page] = [sessions[0]!.page, sessions[1]!.page];
    const rounds: MergeRound[] = [];
    for (let round = 0; round < ctx.plan.merge.rounds; round++) {
      const result = await mergeRound(ctx, relay, pages, json, round);
      rounds.push(result);
      ctx.log(
        `merge round ${round + 1}: ${result.mergeMs.toFixed(0)} ms after the later reconnection ` +
          `(reconnected after ${result.reconnectMs.map((ms) => (ms / 1000).toFixed(1)).join(' s and ')} s)`,
      );
    }
    const failures = sessions.reduce((n, s) => n + s.socketFailures(), 0);
    ctx.notes.push(
      `merge: the two pages' consoles reported ${failures} failed WebSocket connections while the proxy was cut (expected: the app retries on its backoff timer).`,
    );
    for (const session of sessions) {
      if (session.errors.length > 0)
        ctx.notes.push(`merge: page errors: ${session.errors.join('; ')}`);
    }
    return { edits: ctx.plan.merge.edits, traces: [traces[0].name, traces[1].name], rounds, yjs };
  } finally {
    for (const session of sessions) await session.close();
  }
}
