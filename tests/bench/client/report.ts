/**
 * Turns the client benchmark's results into the `## Client (bench:client)` section of
 * docs/benchmarks.md (written by the relay report's `writeSection`, which replaces only that
 * section). Every figure is what was measured; a missed target says so, with what dominates.
 */
import type { MachineInfo } from '../relay/proc.js';
import { median, percentileSorted } from '../relay/stats.js';
import { findingLines } from './findings.js';
import type { MergeReport } from './merge.js';
import type { OpenCase, OpenPhases, OpenReport } from './open-doc.js';
import { CLIENT_TARGETS, type ClientPlan } from './plan.js';
import type { ProfileSummary } from './profile.js';
import type { DownloadReport } from './download.js';
import type { ReconnectReport } from './reconnect.js';
import type { TypingReport, TypingScenario } from './typing.js';

/** Heading of the section this benchmark owns. */
export const CLIENT_SECTION = '## Client (bench:client)';

/** The whole run. */
export interface ClientResults {
  readonly date: string;
  readonly minutes: number;
  readonly source: string;
  readonly machine: MachineInfo;
  readonly browser: string;
  readonly plan: ClientPlan;
  /** Null when the fixtures folder is absent: `missing` says where it was looked for. */
  readonly open: OpenReport | null;
  readonly typing: TypingReport;
  readonly merge: MergeReport | null;
  readonly reconnect: ReconnectReport;
  readonly download: DownloadReport;
  readonly missing: string | null;
  readonly notes: readonly string[];
}

const int = (n: number): string => Math.round(n).toLocaleString('en');
const ms = (n: number): string => (Number.isNaN(n) ? '—' : n < 10 ? n.toFixed(1) : int(n));
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
const mark = (ok: boolean): string => (ok ? '✅ met' : '❌ not met');
const spread = (values: readonly number[]): string => {
  const sorted = [...values].sort((a, b) => a - b);
  return `${ms(sorted[0] ?? NaN)} / ${ms(median(sorted))} / ${ms(sorted[sorted.length - 1] ?? NaN)} ms`;
};
/** `f` of every round's `load` that was measured (a log case has no browser-start load). */
const pick = (c: OpenCase, load: 'start' | 'reload', f: (p: OpenPhases) => number): number[] =>
  c.rounds.flatMap((r) => {
    const phases = r[load];
    return phases === null ? [] : [f(phases)];
  });

function shapeOf(c: OpenCase): string {
  const s = c.seeds[0]?.stored;
  if (s === undefined) return '?';
  return s.snapshotBytes > 0
    ? `snapshot ${kib(s.snapshotBytes)} + ${int(s.logEntries)} log entries (${kib(s.logBytes)})`
    : `no snapshot, ${int(s.logEntries)} log entries (${kib(s.logBytes)})`;
}

function openRows(open: OpenReport): string[] {
  const rows: string[] = [];
  for (const c of open.cases) {
    const what =
      c.name === 'compacted'
        ? 'as the app stores it (typed through `LocalPersistence`, compacted by its policy)'
        : 'worst case: the same history as an uncompacted update log';
    const reload = pick(c, 'reload', (p) => p.fromIdbMs);
    const ok = reload.every((v) => v < CLIENT_TARGETS.openMs);
    const start = pick(c, 'start', (p) => p.fromIdbMs);
    // The target is about documents as the app stores them; the log is a bound, shown as such.
    const [target, status] =
      c.name === 'compacted'
        ? [`< ${CLIENT_TARGETS.openMs} ms`, mark(ok)]
        : ['—', 'a form the app never stores (it compacts from 500 entries on)'];
    rows.push(
      `| Open, ${what}: ${shapeOf(c)}. First \`indexedDB.open\` of a fresh page load → editor editable with the whole text, min / median / max (×${c.rounds.length}) | ${target} | ${spread(reload)} | ${status} |`,
      `| … same, to the end of the frame that paints it | — | ${spread(pick(c, 'reload', (p) => p.toPaintMs))} | |`,
      ...(start.length === 0
        ? []
        : [
            `| … same, when the load also starts the browser (its IndexedDB backend starts cold) | — | ${spread(start)} | |`,
          ]),
    );
  }
  return rows;
}

function phaseTable(open: OpenReport): string[] {
  const rows = open.cases.flatMap((c) =>
    (['reload', 'start'] as const).flatMap((load) => {
      if (pick(c, load, (p) => p.fromIdbMs).length === 0) return [];
      const med = (f: (p: OpenPhases) => number) => ms(median(pick(c, load, f)));
      const b = c.breakdowns;
      const bench =
        load === 'reload'
          ? `${ms(median(b.map((x) => x.readMs)))} ms read + ${ms(median(b.map((x) => x.applyMs)))} ms Yjs apply`
          : '〃';
      return [
        `| ${c.name}, ${load === 'reload' ? 'page load' : 'browser start'} | ${med((p) => p.beforeReadMs)} | ${med((p) => p.readMs)} | ${med((p) => p.afterReadMs)} | ${med((p) => p.fromIdbMs)} | ${med((p) => p.fromNavigationMs)} | ${bench} |`,
      ];
    }),
  );
  return [
    'Where the open time goes (medians, ms; the app split at its IndexedDB read of the document, seen by the probe):',
    '',
    '| Stored form, load | First IDB open → document read starts (profile, index, route) | Document read (one IndexedDB transaction) | Read done → editor editable with the whole text | Total from first IDB open | Navigation start → editable | Bench page, same room without editor (`store.load`, then applying snapshot + log to a `Y.Doc`) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ];
}

interface Latency {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

function latency(values: readonly number[]): Latency {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentileSorted(sorted, 50),
    p95: percentileSorted(sorted, 95),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

const toPaint = (s: TypingScenario): Latency =>
  latency(s.samples.map((k) => (k.painted ?? NaN) - k.event));
const fmt = (l: Latency): string =>
  `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.max)} ms (n = ${l.count})`;
/** Keydowns the browser's Event Timing API timed at 16 ms or more. */
const slowKeydowns = (s: TypingScenario): number =>
  s.slow.filter((e) => e.name === 'keydown').length;

/** What a scenario typed into, for the tables. */
function scenarioName(s: TypingScenario): string {
  if (s.page === 'control')
    return 'a bare editable element alone on a page (control: no app, no script)';
  const load =
    s.peers === 0
      ? 'no peer'
      : `${s.peers} peers typing (${(s.peerKeystrokes / s.seconds).toFixed(0)} keystrokes/s together; the page received ${(s.messagesIn / s.seconds).toFixed(0)} messages/s)`;
  return `the demo charter, ${load}`;
}

/** The scenario held against the target: the app with the peers. */
const isTargetScenario = (s: TypingScenario): boolean => s.page === 'app' && s.peers > 0;

function typingRows(typing: TypingReport): string[] {
  return typing.scenarios.map((s) => {
    const l = toPaint(s);
    const held = isTargetScenario(s);
    const target = held ? `p95 < ${CLIENT_TARGETS.keystrokeP95Ms} ms` : '—';
    const verdict = held ? mark(l.p95 < CLIENT_TARGETS.keystrokeP95Ms) : '';
    return `| Keystroke → next paint, ${scenarioName(s)}: p50 / p95 / max | ${target} | ${fmt(l)}; Event Timing ≥ 16 ms: ${slowKeydowns(s)} of ${s.samples.length} keydowns | ${verdict} |`;
  });
}

function typingTable(typing: TypingReport): string[] {
  const rows = typing.scenarios.map((s) => {
    const part = (f: (k: TypingScenario['samples'][number]) => number) => {
      const l = latency(s.samples.map(f));
      return `${ms(l.p50)} / ${ms(l.p95)}`;
    };
    const who = s.page === 'control' ? 'control' : `app, ${s.peers} peers`;
    return `| ${who} | ${part((k) => k.received - k.event)} | ${part((k) => (k.processed ?? NaN) - k.event)} | ${part((k) => (k.frame ?? NaN) - k.event)} | ${part((k) => (k.painted ?? NaN) - (k.frame ?? NaN))} | ${part((k) => (k.painted ?? NaN) - k.event)} | ${int(s.docChars)} | ${s.otherCores.toFixed(2)} |`;
  });
  return [
    'Where a keystroke’s time goes (p50 / p95, ms from the keydown’s `timeStamp`):',
    '',
    '| Page | Keydown reaches the page (first listener) | Text handled (the `input` event reached the window, its microtasks done) | Next frame begins (rAF) | That frame’s rendering (rAF → first task after it) | To paint | Characters in the text at the end | Other work before (cores) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ];
}

function mergeRows(merge: MergeReport): string[] {
  const r = merge.rounds;
  const ok = r.length > 0 && r.every((x) => x.mergeMs < CLIENT_TARGETS.mergeMs);
  const edits = int(merge.edits);
  return [
    `| Merge of two replicas × ${edits} offline edits (\`${merge.traces[0]}\` and \`${merge.traces[1]}\`) through the app and the relay: later reconnection → both editors show the same text, min / median / max (×${r.length}) | < 1 s | ${spread(r.map((x) => x.mergeMs))} | ${mark(ok)} |`,
    `| … from the earlier reconnection | — | ${spread(r.map((x) => x.fromFirstReconnectMs))} | |`,
    `| … until both apps’ headers say online with nothing unconfirmed — every room of the committee, the index included (polled every 50 ms) | — | ${spread(r.map((x) => x.confirmedMs))} | |`,
    `| Same merge with Yjs alone in the page (state-vector diffs encoded and applied both ways), ×${merge.yjs.length} | — | ${spread(merge.yjs.map((x) => x.ms))}; ${int(merge.yjs[0]?.bytes[0] ?? 0)} + ${int(merge.yjs[0]?.bytes[1] ?? 0)} bytes exchanged | |`,
  ];
}

function reconnectRows(r: ReconnectReport): string[] {
  const times = r.rounds.map((x) => x.confirmedMs);
  const ok =
    r.rounds.length > 0 &&
    r.rounds.every((x) => x.confirmedMs < CLIENT_TARGETS.reconnectMs && x.allOnRelay);
  const counts = r.rounds.map((x) => x.unconfirmedBefore).join(', ');
  return [
    `| Network back: a member with offline edits in ${r.documents} closed documents (${counts} unconfirmed changes in the header); the proxy is restored → the header counts 0 unconfirmed (every room stored by the relay; each edit then read back from the relay), min / median / max (×${r.rounds.length}) | < ${CLIENT_TARGETS.reconnectMs / 1000} s | ${spread(times)}${r.rounds.every((x) => x.allOnRelay) ? '' : '; SOME EDITS MISSING on the relay'} | ${mark(ok)} |`,
    `| … restore → the committee's connection open again (the probe's WebSocket \`open\`): the wait for the app's backoff and for Chromium's own delay of WebSocket connections after failed ones | — | ${spread(r.rounds.map((x) => x.openedMs))} | |`,
  ];
}

function downloadRows(d: DownloadReport): string[] {
  const r = d.rounds;
  const times = r.map((x) => x.doneMs);
  const ok =
    r.length > 0 &&
    r.every(
      (x) => x.doneMs < CLIENT_TARGETS.downloadMs && x.readableOffline && x.total > d.documents,
    );
  const keys = latency(r.flatMap((x) => x.samples.map((k) => (k.painted ?? NaN) - k.event)));
  const totals = [...new Set(r.map((x) => x.total))].join(', ');
  const unreadable = r.some((x) => !x.readableOffline);
  return [
    `| First offline download of a committee of ${int(d.documents)} charter-sized documents (plus the demo's: ${totals} in the header), a fresh profile: navigation to the invitation link → the header says every document is on this computer; then, network cut, the oldest document (never opened) shows its articles, min / median / max (×${r.length}) | < ${CLIENT_TARGETS.downloadMs / 1000} s | ${spread(times)}${unreadable ? '; THE OLDEST DOCUMENT WAS NOT READABLE OFFLINE' : ''} | ${mark(ok)} |`,
    `| … navigation → the header first counts the committee's documents (the index arrived) | — | ${spread(r.map((x) => x.listedMs))} | |`,
    `| Keystroke → next paint in the open demo charter during that download (no peer), all rounds: p50 / p95 / max | p95 < ${CLIENT_TARGETS.keystrokeP95Ms} ms | ${fmt(keys)} | ${mark(keys.count > 0 && keys.p95 < CLIENT_TARGETS.keystrokeP95Ms)} |`,
  ];
}

function mergeLines(merge: MergeReport): string[] {
  const rounds = merge.rounds.map(
    (x, i) =>
      `round ${i + 1}: merged in ${ms(x.mergeMs)} ms; reconnected ${(x.reconnectMs[0] / 1000).toFixed(1)} s and ${(x.reconnectMs[1] / 1000).toFixed(1)} s after the proxy was restored (the app's backoff); offline replays took ${(x.replayMs[0] / 1000).toFixed(1)} s and ${(x.replayMs[1] / 1000).toFixed(1)} s; merged text ${int(x.chars)} characters; other work ${x.otherCores.toFixed(2)} cores`,
  );
  return [`Merge rounds: ${rounds.join('; ')}.`, ''];
}

function profileLines(what: string, profile: ProfileSummary | null | undefined): string[] {
  if (profile === null || profile === undefined) return [];
  const list = (entries: ProfileSummary['top']) =>
    entries.map((f) => `${f.name || '(anonymous)'} ${ms(f.selfMs)} ms`).join('; ');
  return [
    `CPU profile of ${what} (DevTools protocol, the page's main thread, ${ms(profile.totalMs)} ms of samples, idle left out; names from the build's source maps). Self time by package or app folder: ${list(profile.groups)}. By function: ${list(profile.top)}.`,
    '',
  ];
}

/** The Markdown section. */
export function renderClientSection(r: ClientResults, howAndWhy: readonly string[]): string {
  const m = r.machine;
  const rows = [
    ...(r.open === null ? [] : openRows(r.open)),
    ...typingRows(r.typing),
    ...(r.merge === null ? [] : mergeRows(r.merge)),
    ...reconnectRows(r.reconnect),
    ...downloadRows(r.download),
  ];
  return [
    CLIENT_SECTION,
    '',
    `Measured ${r.date} by \`${r.plan.quick ? 'BENCH_QUICK=1 ' : ''}npm run bench:client\` (${r.minutes.toFixed(1)} min)` +
      ` on ${m.nproc} × ${m.cpuModel}, ${m.memGiB} GiB, Linux ${m.kernel}, Node ${m.node}, ${r.browser} headless;` +
      ` app built from ${r.source}. The machine is shared with other work (the tables give the cores it took just before each measure); the browser, the relay and the peers share its 2 cores.`,
    '',
    ...(r.missing === null ? [] : [`**Skipped:** ${r.missing}`, '']),
    '| Measure | Target | Result | |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    ...(r.open === null ? [] : phaseTable(r.open)),
    ...profileLines(
      'one more page load of the compacted document, from navigation to editable',
      r.open?.profile,
    ),
    ...typingTable(r.typing),
    ...profileLines(
      '40 more keystrokes typed with the peers typing, after the timed ones',
      r.typing.scenarios.find((s) => s.profile !== null)?.profile,
    ),
    ...(r.merge === null ? [] : mergeLines(r.merge)),
    ...findingLines(r),
    ...(r.notes.length === 0 ? [] : ['What was odd:', '', ...r.notes.map((n) => `- ${n}`), '']),
    ...howAndWhy,
  ].join('\n');
}
