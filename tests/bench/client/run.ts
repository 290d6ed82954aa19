/**
 * `npm run bench:client`: the desktop app's renderer, measured in headless Chromium (Debian's
 * build) as shipped (`dist/renderer`) — opening a document with a 259,778-edit history from
 * IndexedDB, keystroke-to-paint latency while 10 remote members type, the merge of two
 * replicas that each made 10,000 edits offline, and the return of the network to a member with
 * offline edits in 50 documents, and the first offline download of a committee of 200. Writes the `## Client (bench:client)` section
 * of docs/benchmarks.md; `BENCH_QUICK=1` runs a shrunk version and writes to `.bench/` only.
 *
 * The editing traces come from the fixtures folder (`tests/support/fixtures.ts`,
 * `ENTENTE_FIXTURES_DIR`); without it the measures that need them are skipped and the report
 * says so.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_PATH } from '../../support/chromium.js';
import {
  FIXTURES_SETTING,
  fixturesDir,
  hasFixtures,
  readSequentialTrace,
} from '../../support/fixtures.js';
import { removeDir, tempDir } from '../../support/relay-process.js';
import { startStaticServer } from '../../support/static-server.js';
import { machineInfo } from '../relay/proc.js';
import { writeSection } from '../relay/report.js';
import { REPO_ROOT } from '../relay/servers.js';
import type { BenchContext } from './context.js';
import { benchDocumentIds } from './committee-docs.js';
import { measureDownload } from './download.js';
import { measureMerge } from './merge.js';
import { measureReconnect } from './reconnect.js';
import { methodLines } from './method.js';
import { measureOpen } from './open-doc.js';
import { clientPlanFromEnv } from './plan.js';
import { startDemoRelay } from './relay-setup.js';
import { CLIENT_SECTION, renderClientSection, type ClientResults } from './report.js';
import { measureTyping } from './typing.js';
import { WEB_ROOT, buildWebRoot } from './web-root.js';

/** Typed by the page and the peers when the French report is not in the fixtures folder. */
const FALLBACK_TEXT =
  'Le comité examine le projet de charte et propose de préciser les engagements des partenaires. ';

function log(line: string): void {
  process.stdout.write(`[bench:client ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/** Which app source is measured: `npm run build` builds dist/ from the working tree. */
function describeSource(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'renderer', 'shared')
      .split('\n')
      .filter((line) => line.trim() !== '').length;
    const head = `commit ${git('rev-parse', '--short', 'HEAD')}`;
    return dirty > 0 ? `${head} with ${dirty} uncommitted files in renderer/ and shared/` : head;
  } catch {
    return 'unknown source revision';
  }
}

/** The first `n` transactions of a sequential trace, as the pages take them. */
function traceJson(name: string, n: number): { name: string; json: string } {
  const txns = readSequentialTrace(name).txns.slice(0, n);
  return { name, json: JSON.stringify(txns.map((txn) => txn.patches)) };
}

async function main(): Promise<void> {
  const plan = clientPlanFromEnv(process.env);
  const started = Date.now();
  // Every run stops by itself: whatever hangs, the process exits at the deadline (the exit
  // closes the browsers, which are its children, and the relay's pipes).
  const deadline = setTimeout(() => {
    process.stderr.write(`bench:client: deadline of ${plan.deadlineMs / 60_000} min passed\n`);
    process.exit(1);
  }, plan.deadlineMs);
  deadline.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      process.stderr.write(`bench:client: ${signal}, stopping\n`);
      process.exit(1);
    });
  log(plan.quick ? 'QUICK run (numbers not meaningful)' : 'full run');
  // Read now, next to the build (`npm run build` just ran): the tree may move during the run.
  const source = describeSource();
  const traces = hasFixtures('editing-traces');
  const missing = traces
    ? null
    : `the editing traces were not found in ${join(fixturesDir(), 'editing-traces')} (set ${FIXTURES_SETTING}): the open and merge measures, which replay them, did not run.`;
  if (missing !== null) log(`SKIPPING open and merge: ${missing}`);
  buildWebRoot();
  const relay = await startDemoRelay();
  // A committee of many documents, for the reconnection and download measures (on a relay of
  // its own, so that the other measures' pages have nothing to download meanwhile).
  const big = await startDemoRelay(Math.max(plan.download.documents, plan.reconnect.documents));
  const server = await startStaticServer(WEB_ROOT, [
    relay.directUrl,
    relay.proxyUrl,
    big.directUrl,
    big.proxyUrl,
  ]);
  const profiles = tempDir('entente-bench-profiles-');
  try {
    const notes: string[] = [];
    const ctx: BenchContext = {
      plan,
      url: server.url,
      profiles: {
        open: join(profiles, 'open'),
        typing: join(profiles, 'typing'),
        mergeA: join(profiles, 'merge-a'),
        mergeB: join(profiles, 'merge-b'),
        reconnect: join(profiles, 'reconnect'),
        download: join(profiles, 'download'),
      },
      log,
      notes,
    };
    const open = traces ? await measureOpen(ctx, readSequentialTrace('automerge-paper')) : null;
    const report = join(fixturesDir(), 'concertation-numerique-2015.txt');
    const text = existsSync(report) ? readFileSync(report, 'utf8') : FALLBACK_TEXT;
    const typing = await measureTyping(ctx, relay, text);
    const merge = traces
      ? await measureMerge(ctx, relay, [
          traceJson('automerge-paper', plan.merge.edits),
          traceJson('seph-blog1', plan.merge.edits),
        ])
      : null;
    // The download first: its fresh profiles then find the big committee as the seed left it.
    const download = await measureDownload(ctx, big, benchDocumentIds(plan.download.documents));
    const reconnect = await measureReconnect(ctx, big, benchDocumentIds(plan.reconnect.documents));
    const results: ClientResults = {
      date: new Date().toISOString().slice(0, 10),
      minutes: (Date.now() - started) / 60_000,
      source,
      machine: machineInfo(),
      browser: execFileSync(CHROMIUM_PATH, ['--version'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim(),
      plan,
      open,
      typing,
      merge,
      reconnect,
      download,
      missing,
      notes,
    };
    const section = renderClientSection(results, methodLines(results));
    const outDir = join(REPO_ROOT, '.bench');
    mkdirSync(outDir, { recursive: true });
    const name = plan.quick ? 'client-quick' : 'client';
    writeFileSync(join(outDir, `${name}.json`), JSON.stringify(results, null, 2));
    if (plan.quick) {
      // A quick run checks the script; it must not replace the measured numbers in docs/.
      writeFileSync(join(outDir, `${name}.md`), section);
      log(`quick run: wrote .bench/${name}.md and .bench/${name}.json (docs/ untouched)`);
    } else {
      writeSection(join(REPO_ROOT, 'docs/benchmarks.md'), section, CLIENT_SECTION);
      log(`wrote docs/benchmarks.md and .bench/${name}.json`);
    }
    process.stdout.write(`\n${section}\n`);
  } finally {
    await server.close();
    await relay.stop();
    await big.stop();
    removeDir(profiles);
    clearTimeout(deadline);
  }
}

main().then(
  () => {
    // Nothing should be left running; if a library left a handle open, say so and stop anyway
    // (an unref'd timer fires only while something else keeps the process alive).
    setTimeout(() => {
      process.stderr.write(
        'bench:client: something kept the process alive after the run; exiting\n',
      );
      process.exit(0);
    }, 10_000).unref();
  },
  (error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`bench:client failed: ${text}\n`);
    process.exit(1);
  },
);
