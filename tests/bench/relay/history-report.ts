/**
 * The "Relay on real editing histories" section of docs/benchmarks.md: one table per history,
 * one column per server, and the issue's targets checked against Hocuspocus' numbers of the
 * same run.
 */
import type { History } from './histories.js';
import type { HistoryServerKind } from './history-clients.js';
import type { LoadsResult } from './history-loads.js';
import type { HistoryResult } from './history.js';
import type { MachineInfo } from './proc.js';

/** Everything the section shows. */
export interface HistoryRun {
  readonly heading: string;
  readonly date: string;
  readonly minutes: number;
  readonly machine: MachineInfo;
  readonly quick: boolean;
  readonly tracesPresent: boolean;
  readonly histories: readonly History[];
  readonly results: readonly HistoryResult[];
  /** The busy room beside cold loads (`history-loads.ts`), when measured. */
  readonly loads: LoadsResult | null;
}

const LABEL: Record<HistoryServerKind, string> = {
  entente: 'Entente (SQLite)',
  'entente-postgres': 'Entente (PostgreSQL)',
  hocuspocus: 'Hocuspocus 4.7 (SQLite)',
  'y-websocket-server': '@y/websocket-server (LevelDB)',
};
const ORDER: readonly HistoryServerKind[] = [
  'entente',
  'entente-postgres',
  'hocuspocus',
  'y-websocket-server',
];

/** Each sample in order ("first, then …"): the first load after a restart is the real cold one. */
const ms = (values: readonly number[]): string =>
  values.length === 0
    ? '—'
    : values.map((v) => `${Math.round(v).toLocaleString('en')} ms`).join(', ');
/** Targets are judged on the slowest sample. */
const slowest = (values: readonly number[]): number => Math.max(...values);
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;

function table(history: History, rows: readonly HistoryResult[]): string {
  const of = (kind: HistoryServerKind) => rows.find((r) => r.kind === kind);
  const line = (label: string, cell: (r: HistoryResult) => string): string =>
    `| ${label} | ${ORDER.map((kind) => {
      const r = of(kind);
      return r === undefined ? '—' : cell(r);
    }).join(' | ')} |`;
  return [
    `### ${history.name}: ${history.what}`,
    '',
    `Final text ${history.endContent.length.toLocaleString('en')} characters; compacted state ` +
      `${mb(history.stateBytes)} (\`encodeStateAsUpdate\`, gc on).`,
    '',
    `| ${history.updates.length.toLocaleString('en')} updates | ${ORDER.map((k) => LABEL[k]).join(' | ')} |`,
    `| --- | ${ORDER.map(() => '---').join(' | ')} |`,
    line('ingest, first update to a reader holding the text', (r) => ms([r.ingestMs])),
    line(
      'server CPU per update during the ingest',
      (r) =>
        `${r.cpuPerEditUs.toFixed(1)} µs (${r.receivers} receiver${r.receivers === 1 ? '' : 's'})`,
    ),
    line('cold load after each restart, to full content', (r) => ms(r.coldMs)),
    line('later cold loads, room unloaded, same process', (r) => ms(r.laterMs)),
    line('of each cold load after a restart, the client applying', (r) => ms(r.coldClientMs)),
    line('disk, peak during the ingest', (r) => mb(r.diskPeakBytes)),
    line('disk, right after the ingest', (r) => mb(r.diskAfterIngestBytes)),
    line('disk, after a stop', (r) => mb(r.diskAfterStopBytes)),
    line('notes', (r) => (r.notes.length === 0 ? '' : r.notes.join('; ').replaceAll('|', '/'))),
    '',
  ].join('\n');
}

/** Targets of the relay issue that this scenario measures. */
function targets(run: HistoryRun): string[] {
  const find = (kind: HistoryServerKind, history: string) =>
    run.results.find((r) => r.kind === kind && r.history === history);
  const lines: string[] = [];
  const ours = find('entente', 'typing');
  const theirs = find('hocuspocus', 'typing');
  if (
    ours !== undefined &&
    theirs !== undefined &&
    ours.coldMs.length > 0 &&
    theirs.coldMs.length > 0
  ) {
    const ratio = slowest(ours.coldMs) / slowest(theirs.coldMs);
    // What the stock client itself spends applying the state, in the same loads: no server can
    // answer in less, so it is the floor of the ratio.
    const clientFloor = Math.min(...ours.coldClientMs, ...theirs.coldClientMs);
    const floorRatio = clientFloor / slowest(theirs.coldMs);
    lines.push(
      `- Cold load after a restart, typing history, slowest of each: ${ratio.toFixed(2)} × Hocuspocus' ` +
        `(target ≤ 0.2): ${ratio <= 0.2 ? 'met' : 'not met'}. Of each load, the client's own ` +
        `apply of the state took ${ms(ours.coldClientMs)} (ours), ${ms(theirs.coldClientMs)} ` +
        `(Hocuspocus'): the fastest of those alone is ${floorRatio.toFixed(2)} × Hocuspocus' ` +
        `slowest load, the floor of the ratio whatever the server.`,
    );
  }
  if (ours !== undefined && theirs !== undefined) {
    const cpuRatio = ours.cpuPerEditUs / theirs.cpuPerEditUs;
    lines.push(
      `- Relay CPU per edit, typing history, ${ours.receivers} receivers: ${ours.cpuPerEditUs.toFixed(1)} µs ` +
        `against Hocuspocus' ${theirs.cpuPerEditUs.toFixed(1)} µs, ${cpuRatio.toFixed(2)} × (target ≤ 1, ` +
        `every update durable before it is relayed): ${cpuRatio <= 1 ? 'met' : 'not met'}.`,
    );
  }
  const paper = find('entente', 'automerge-paper');
  if (paper !== undefined && paper.coldMs.length > 0) {
    const value = slowest(paper.coldMs);
    lines.push(
      `- Cold load after a restart, automerge-paper, slowest: ${Math.round(value)} ms (target < 100 ms): ` +
        `${value < 100 ? 'met' : 'not met'}.`,
    );
  }
  const history = run.histories.find((h) => h.name === 'typing');
  if (ours !== undefined && history !== undefined) {
    const worst = Math.max(ours.diskPeakBytes, ours.diskAfterIngestBytes, ours.diskAfterStopBytes);
    const ratio = worst / history.stateBytes;
    lines.push(
      `- Disk during and after the typing ingest: at most ${ratio.toFixed(1)} × the compacted ` +
        `state (target ≤ 2): ${ratio <= 2 ? 'met' : 'not met'}.`,
    );
  }
  const loads = run.loads;
  if (loads !== null) {
    const rise = loads.loading.p99 - loads.quiet.p99;
    lines.push(
      `- Fan-out p99 of a busy small room while ${loads.largeRooms} large rooms cold-load at once: ` +
        `${loads.quiet.p99.toFixed(1)} ms quiet, ${loads.loading.p99.toFixed(1)} ms during the ` +
        `loads (max ${loads.loading.max.toFixed(1)} ms), a rise of ${rise.toFixed(1)} ms ` +
        `(target < 5 ms): ${rise < 5 ? 'met' : 'not met'}. Ours only: one writer every 20 ms, ` +
        `${loads.receivers} receivers, ${loads.quiet.samples} and ${loads.loading.samples} ` +
        `deliveries; the ${loads.largeRooms} rooms (${(loads.largeStateBytes / 1e3).toFixed(0)} kB ` +
        `each, never loaded since a restart) all served in ${Math.round(loads.allLoadedMs)} ms.`,
    );
  }
  return lines;
}

/** The section, heading first. */
export function renderHistorySection(run: HistoryRun): string {
  const m = run.machine;
  const out = [
    run.heading,
    '',
    `Measured ${run.date} with \`npm run bench:history\` (${run.minutes.toFixed(1)} min), ` +
      `${m.nproc} cores (${m.cpuModel}), Node ${m.node}${run.quick ? ' — QUICK run, not meaningful' : ''}.`,
    'Each history goes to each server in turn through its own stock provider (y-websocket for ours ' +
      'and `@y/websocket-server`, `HocuspocusProvider` for Hocuspocus), one update per edit; see ' +
      '`tests/bench/relay/history.ts` for the method. Ours keeps every update durable before it ' +
      'relays it; Hocuspocus stores a document some time after its last change; ' +
      '`@y/websocket-server` appends each update to LevelDB.',
    run.tracesPresent
      ? ''
      : '\n**The real traces were not found** (`ENTENTE_FIXTURES_DIR`): synthetic histories only.\n',
    ...targets(run),
    '',
  ];
  for (const history of run.histories)
    out.push(
      table(
        history,
        run.results.filter((r) => r.history === history.name),
      ),
    );
  return out.join('\n');
}
