/**
 * `npm run bench:history`: the relay on real editing histories (`history.ts`), ours beside
 * `@y/websocket-server` (LevelDB) and Hocuspocus (SQLite) in the same run, every history on
 * every server in turn. Writes the "Relay on real editing histories" section of
 * docs/benchmarks.md; `BENCH_QUICK=1` shrinks the histories and writes to `.bench/` only.
 * Where the fixtures are absent (`ENTENTE_FIXTURES_DIR`), only the synthetic histories run,
 * and the report says so. `BENCH_HISTORIES=typing,automerge-paper` and
 * `BENCH_SERVERS=entente,hocuspocus` run a part, written to `.bench/` only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildHistory, hasTraces, type History, type HistoryName } from './histories.js';
import type { HistoryServerKind } from './history-clients.js';
import { renderHistorySection } from './history-report.js';
import { measureLoadsBesideBusyRoom } from './history-loads.js';
import { measureHistory, type HistoryPlan, type HistoryResult } from './history.js';
import { machineInfo } from './proc.js';
import { writeSection } from './report.js';
import { REPO_ROOT } from './servers.js';

const KINDS: readonly HistoryServerKind[] = [
  'entente',
  'entente-postgres',
  'hocuspocus',
  'y-websocket-server',
];
const TRACES: readonly HistoryName[] = [
  'typing',
  'automerge-paper',
  'seph-blog1',
  'clownschool',
  'friendsforever',
  'append-only',
];
const SYNTHETIC: readonly HistoryName[] = ['typing', 'append-only'];

/** The section's heading in docs/benchmarks.md. */
export const HISTORY_SECTION = '## Relay on real editing histories (`npm run bench:history`)';

function log(line: string): void {
  process.stdout.write(`[bench:history ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function main(): Promise<void> {
  const quick = process.env.BENCH_QUICK === '1';
  const only = process.env.BENCH_HISTORIES?.split(',').filter((name) => name !== '');
  const servers = process.env.BENCH_SERVERS?.split(',').filter((name) => name !== '');
  const kinds = KINDS.filter((kind) => servers === undefined || servers.includes(kind));
  const plan: HistoryPlan = {
    restarts: quick ? 1 : 2,
    laterLoads: quick ? 1 : 2,
    loadTimeoutMs: 120_000,
    ingestTimeoutMs: 600_000,
  };
  const deadline = setTimeout(() => {
    process.stderr.write('bench:history: deadline of 60 min passed\n');
    process.exit(1);
  }, 60 * 60_000);
  deadline.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));
  const traces = hasTraces();
  const names = (traces ? TRACES : SYNTHETIC).filter(
    (name) => only === undefined || only.includes(name),
  );
  const started = Date.now();
  const results: HistoryResult[] = [];
  const histories: History[] = [];
  for (const name of names) {
    const history = buildHistory(name, quick ? 0.05 : 1);
    histories.push(history);
    log(
      `${name}: ${history.updates.length} updates, final text ${history.endContent.length} ` +
        `characters, state ${history.stateBytes} bytes`,
    );
    for (const kind of kinds) results.push(await measureHistory(kind, history, plan, log));
  }
  // A busy small room while 20 rooms of the typing history's size cold-load at once.
  const typing = histories.find((h) => h.name === 'typing');
  const loads =
    typing !== undefined && kinds.includes('entente')
      ? await measureLoadsBesideBusyRoom(typing.state, 20, log)
      : null;
  const section = renderHistorySection({
    heading: HISTORY_SECTION,
    date: new Date().toISOString().slice(0, 10),
    minutes: (Date.now() - started) / 60_000,
    machine: machineInfo(),
    quick,
    tracesPresent: traces,
    histories,
    results,
    loads,
  });
  const outDir = join(REPO_ROOT, '.bench');
  mkdirSync(outDir, { recursive: true });
  const name = quick ? 'history-quick' : 'history';
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify({ plan, results, loads }, null, 2));
  if (quick || only !== undefined || servers !== undefined) {
    writeFileSync(join(outDir, `${name}.md`), section);
    log(`partial run: wrote .bench/${name}.md (docs/ untouched)`);
  } else {
    writeSection(join(REPO_ROOT, 'docs/benchmarks.md'), section, HISTORY_SECTION);
    log('wrote docs/benchmarks.md');
  }
  process.stdout.write(`\n${section}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`bench:history failed: ${text}\n`);
    process.exit(1);
  },
);
