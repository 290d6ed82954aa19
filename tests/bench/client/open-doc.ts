/**
 * Measure 1: opening a document with a long history, from IndexedDB until the editor is
 * editable. The document is seeded in "Mon espace" by the bench page through the app's own
 * storage modules; each round then starts Chromium afresh on the profile and opens the real app
 * on `#/doc/<id>`, where the probe times the app's first IndexedDB open, the document's read
 * transaction, and the moment the editor is contenteditable and holds every block and character
 * of the document, then the frame that paints it.
 */
import type { Page } from 'playwright';
import type { SequentialTrace } from '../../support/fixtures.js';
import type { LoadBreakdown, OpenTimes, SeedReport, SeedRequest } from './page/api.js';
import { launchProfile } from './browser.js';
import { profileWhile, type ProfileSummary } from './profile.js';
import { otherCoresNow, type BenchContext } from './context.js';
import { BENCH_PAGE } from './web-root.js';

/** The app's IndexedDB database (renderer/main.tsx). */
export const APP_DATABASE = 'entente-profile-local';

/** One load of the app on the document, split at the document's IndexedDB read. */
export interface OpenPhases {
  /** First `indexedDB.open` of the app → editor editable with the whole document. */
  readonly fromIdbMs: number;
  /** Same, up to the end of the frame that paints it. */
  readonly toPaintMs: number;
  /** Navigation start → editor editable (adds loading and starting the app's scripts). */
  readonly fromNavigationMs: number;
  /** First IndexedDB open → the document's read transaction starts (profile, index, route). */
  readonly beforeReadMs: number;
  /** The document's read transaction (snapshot + log). */
  readonly readMs: number;
  /** Read complete → editable (Yjs apply, React, Tiptap and the editor's first render). */
  readonly afterReadMs: number;
}

/** One round: a browser start on the document (compacted case only), then a fresh page load. */
export interface OpenRound {
  /** Null for the log case: that first load would compact the log the page load must read. */
  readonly start: OpenPhases | null;
  readonly reload: OpenPhases;
  /** Cores other work took just before the round. */
  readonly otherCores: number;
}

/** One stored form of the document, opened several times. */
export interface OpenCase {
  readonly name: 'compacted' | 'log';
  readonly seeds: readonly SeedReport[];
  readonly breakdowns: readonly LoadBreakdown[];
  readonly rounds: readonly OpenRound[];
  /** A character typed after the last round appeared in the editor. */
  readonly acceptsInput: boolean;
}

/** Both cases. */
export interface OpenReport {
  readonly traceTxns: number;
  readonly cases: readonly OpenCase[];
  /** A profiled page load of the compacted document (not one of the timed rounds). */
  readonly profile: ProfileSummary | null;
}

async function seedDocument(ctx: BenchContext, request: SeedRequest): Promise<SeedReport> {
  const session = await launchProfile(ctx.profiles.open);
  try {
    await session.page.goto(`${ctx.url}${BENCH_PAGE}`);
    await session.page.waitForFunction(() => window.ententeBench !== undefined);
    return await session.page.evaluate((r) => window.ententeBench!.seed(r), request);
  } finally {
    await session.close();
  }
}

async function breakdown(ctx: BenchContext, room: string): Promise<LoadBreakdown> {
  const session = await launchProfile(ctx.profiles.open);
  try {
    await session.page.goto(`${ctx.url}${BENCH_PAGE}`);
    await session.page.waitForFunction(() => window.ententeBench !== undefined);
    return await session.page.evaluate(
      ([db, name]) => window.ententeBench!.loadBreakdown(db, name),
      [APP_DATABASE, room] as const,
    );
  } finally {
    await session.close();
  }
}

/** The document's read: the last read-only transaction over the room stores before `editable`. */
function phasesOf(times: OpenTimes): OpenPhases {
  const reads = times.transactions.filter(
    (t) =>
      t.db === APP_DATABASE &&
      t.mode === 'readonly' &&
      t.stores.includes('updates') &&
      t.start < times.editable,
  );
  const read = reads[reads.length - 1];
  const readEnd = read?.end ?? Number.NaN;
  return {
    fromIdbMs: times.editable - times.idbOpen,
    toPaintMs: times.painted - times.idbOpen,
    fromNavigationMs: times.editable,
    beforeReadMs: (read?.start ?? Number.NaN) - times.idbOpen,
    readMs: readEnd - (read?.start ?? Number.NaN),
    afterReadMs: times.editable - readEnd,
  };
}

/** Loads the app on the document and waits for the probe's timestamps. */
async function loadOnce(ctx: BenchContext, page: Page, seed: SeedReport): Promise<OpenTimes> {
  await page.goto(`${ctx.url}#/doc/${seed.id}`);
  await page.waitForFunction(() => window.ententeProbe?.openTimes() != null, null, {
    timeout: ctx.plan.openTimeoutMs,
    polling: 100,
  });
  return (await page.evaluate(() => window.ententeProbe!.openTimes()))!;
}

/** Types one character at the end and checks that the editor shows it. */
async function acceptsInput(page: Page): Promise<boolean> {
  const editor = page.locator('.document-text');
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('§');
  const ok = (await editor.evaluate((node) => node.textContent ?? '')).endsWith('§');
  await page.locator('[data-save-state="saved"]').waitFor();
  return ok;
}

/**
 * One round: Chromium starts on the profile and loads the app — on the document (`start`: the
 * browser's IndexedDB backend starts too), or for a log, whose first open compacts it, on the
 * home screen — then about:blank, then the app on the document in a new page (`reload`: a fresh
 * page, the browser already running; the load held against the target).
 */
async function openInApp(
  ctx: BenchContext,
  seed: SeedReport,
  withStart: boolean,
  checkInput: boolean,
): Promise<{ round: OpenRound; acceptsInput: boolean }> {
  const otherCores = await otherCoresNow();
  const session = await launchProfile(ctx.profiles.open, {
    config: { blocks: seed.blocks, chars: seed.chars },
  });
  try {
    const { page } = session;
    let start: OpenTimes | null = null;
    if (withStart) start = await loadOnce(ctx, page, seed);
    else {
      await page.goto(ctx.url);
      await page.getByRole('heading', { level: 1 }).waitFor();
    }
    await page.goto('about:blank');
    const reload = await loadOnce(ctx, page, seed);
    const typed = checkInput ? await acceptsInput(page) : false;
    if (session.errors.length > 0)
      ctx.notes.push(`open: page errors: ${session.errors.join('; ')}`);
    return {
      round: { start: start && phasesOf(start), reload: phasesOf(reload), otherCores },
      acceptsInput: typed,
    };
  } finally {
    await session.close();
  }
}

/** Seeds, then opens `rounds` times; a log case seeds a fresh document per round (opening compacts it). */
async function measureCase(
  ctx: BenchContext,
  name: OpenCase['name'],
  traceJson: string,
  endContent: string | null,
): Promise<OpenCase> {
  const seeds: SeedReport[] = [];
  const breakdowns: LoadBreakdown[] = [];
  const rounds: OpenRound[] = [];
  let acceptsInput = false;
  const request = (suffix: string): SeedRequest => ({
    databaseName: APP_DATABASE,
    idSuffix: suffix,
    title: `Article automerge (${name})`,
    traceJson,
    mode: name,
    flushEvery: ctx.plan.flushEvery,
  });
  let seed: SeedReport | undefined;
  for (let round = 0; round < ctx.plan.openRounds[name]; round++) {
    if (seed === undefined || name === 'log') {
      ctx.log(`open/${name}: seeding the document (round ${round + 1})`);
      seed = await seedDocument(ctx, request(`${name}${round}`));
      if (endContent !== null && seed.traceText !== endContent) {
        throw new Error(`open/${name}: the seeded text differs from the trace's endContent`);
      }
      seeds.push(seed);
      ctx.log(
        `open/${name}: seeded in ${(seed.ms / 1000).toFixed(1)} s: ${JSON.stringify(seed.stored)}`,
      );
    }
    breakdowns.push(await breakdown(ctx, seed.room));
    const last = round === ctx.plan.openRounds[name] - 1;
    const result = await openInApp(ctx, seed, name === 'compacted', last);
    rounds.push(result.round);
    acceptsInput = result.acceptsInput;
    const describe = (p: OpenPhases | null) =>
      p === null
        ? '—'
        : `${p.fromIdbMs.toFixed(0)} ms (before read ${p.beforeReadMs.toFixed(0)}, read ` +
          `${p.readMs.toFixed(0)}, after ${p.afterReadMs.toFixed(0)})`;
    ctx.log(
      `open/${name} round ${round + 1}: browser start ${describe(result.round.start)}; ` +
        `page load ${describe(result.round.reload)}`,
    );
  }
  return { name, seeds, breakdowns, rounds, acceptsInput };
}

/** One more page load of `seed`'s document, under the CPU profiler. */
async function profileOpen(ctx: BenchContext, seed: SeedReport): Promise<ProfileSummary> {
  const session = await launchProfile(ctx.profiles.open, {
    config: { blocks: seed.blocks, chars: seed.chars },
  });
  try {
    const { page } = session;
    await loadOnce(ctx, page, seed);
    return await profileWhile(page, async () => {
      await page.reload();
      await page.waitForFunction(() => window.ententeProbe?.openTimes() != null, null, {
        timeout: ctx.plan.openTimeoutMs,
        polling: 100,
      });
    });
  } finally {
    await session.close();
  }
}

/** Measure 1 on `trace` (the whole of it, or its first `plan.openTxns` transactions). */
export async function measureOpen(ctx: BenchContext, trace: SequentialTrace): Promise<OpenReport> {
  const txns = trace.txns.slice(0, ctx.plan.openTxns).map((txn) => txn.patches);
  const whole = txns.length === trace.txns.length;
  const traceJson = JSON.stringify(txns);
  const cases: OpenCase[] = [];
  let profile: ProfileSummary | null = null;
  for (const name of ['compacted', 'log'] as const) {
    const measured = await measureCase(ctx, name, traceJson, whole ? trace.endContent : null);
    cases.push(measured);
    const seed = measured.seeds[0];
    if (name === 'compacted' && seed !== undefined) profile = await profileOpen(ctx, seed);
  }
  return { traceTxns: txns.length, cases, profile };
}
