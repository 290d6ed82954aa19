/**
 * "Reading the numbers": what dominates each measure, worked out from this run's own figures
 * (phases, the bench page's Yjs-only timings, the CPU profiles), so that a rerun's text matches
 * its numbers.
 */
import { median, percentileSorted } from '../relay/stats.js';
import type { MergeReport } from './merge.js';
import type { OpenCase, OpenReport } from './open-doc.js';
import type { KeystrokeSample } from './page/api.js';
import type { ProfileSummary } from './profile.js';
import { CLIENT_TARGETS } from './plan.js';
import type { TypingReport, TypingScenario } from './typing.js';

const ms = (n: number): string => `${Math.round(n).toLocaleString('en')} ms`;
const ms1 = (n: number): string => `${n.toFixed(1)} ms`;

function openLine(c: OpenCase): string {
  const med = (values: number[]) => median(values);
  const total = med(c.rounds.map((r) => r.reload.fromIdbMs));
  const before = med(c.rounds.map((r) => r.reload.beforeReadMs));
  const read = med(c.rounds.map((r) => r.reload.readMs));
  const after = med(c.rounds.map((r) => r.reload.afterReadMs));
  const apply = med(c.breakdowns.map((b) => b.applyMs));
  const blocks = c.seeds[0]?.blocks ?? 0;
  return (
    `- Open, ${c.name}: of ${ms(total)} (median page load), ${ms(before)} pass before the document's read (opening the profile's databases and the workspace index, routing), ${ms(read)} in the read itself, and ${ms(after)} from the read to an editable editor. ` +
    `Applying the same stored state to a \`Y.Doc\` alone takes ${ms(apply)} in the bench page` +
    (after - apply > 0.1 * after
      ? `, so roughly ${ms(after - apply)} of that last part is React, Tiptap and y-prosemirror building and drawing the ${blocks.toLocaleString('en')} blocks.`
      : ` (a page of its own, as cold as the app's): Yjs is nearly all of that last part, and React, Tiptap and y-prosemirror building and drawing the ${blocks.toLocaleString('en')} blocks are within the rounds' spread.`)
  );
}

function profileTop(profile: ProfileSummary | null | undefined, n: number): string {
  if (profile === null || profile === undefined) return 'no profile';
  return profile.groups
    .slice(0, n)
    .map((g) => `${g.name} ${Math.round((100 * g.selfMs) / profile.totalMs)} %`)
    .join(', ');
}

/** Markdown lines (possibly none). */
export function findingLines(r: {
  open: OpenReport | null;
  typing: TypingReport;
  merge: MergeReport | null;
}): string[] {
  const lines: string[] = [];
  if (r.open !== null) {
    lines.push(...r.open.cases.map(openLine));
    lines.push(
      `- In the profiled page load, self time by package: ${profileTop(r.open.profile, 5)} ("(program)" is the browser's native work outside JavaScript: parsing, style, layout, paint; "other scripts" are the probe's observers and Playwright's polling, the measurement's own cost).`,
    );
  }
  const scenarios = r.typing.scenarios;
  const control = scenarios.find((s) => s.page === 'control');
  const idle = scenarios.find((s) => s.page === 'app' && s.peers === 0);
  const loaded = scenarios.find((s) => s.page === 'app' && s.peers > 0);
  if (control !== undefined && idle !== undefined && loaded !== undefined) {
    const pct = (s: TypingScenario, p: number, f: (k: KeystrokeSample) => number) =>
      percentileSorted(
        s.samples
          .map(f)
          .filter((v) => !Number.isNaN(v))
          .sort((a, b) => a - b),
        p,
      );
    const toPaint = (k: KeystrokeSample) => (k.painted ?? NaN) - k.event;
    const handled = (k: KeystrokeSample) => (k.processed ?? NaN) - k.received;
    const gap = (k: KeystrokeSample) => (k.frame ?? NaN) - (k.processed ?? NaN);
    const met = pct(loaded, 95, toPaint) < CLIENT_TARGETS.keystrokeP95Ms;
    lines.push(
      `- Typing: with ${loaded.peers} peers typing, p95 ${ms(pct(loaded, 95, toPaint))} — the target is ${met ? 'met' : 'missed'}; with no peer ${ms(pct(idle, 95, toPaint))}; and a bare editable element with no script at all, on the same browser, ${ms(pct(control, 95, toPaint))} — the floor that input delivery, the browser's own editing and rendering set on this machine. ` +
        `The frame begins p50 / p95 ${ms1(pct(loaded, 50, gap))} / ${ms1(pct(loaded, 95, gap))} after the text is handled with the peers, ${ms1(pct(control, 50, gap))} / ${ms1(pct(control, 95, gap))} for the control: when Chromium's frame clock is idle, input gets a frame at once, but while frames follow one another each starts on the next tick of the 60 Hz clock, so remote changes rendered just before a keystroke make it wait up to 16.7 ms. The app therefore handles the relay's messages in batches and, while the member types, right after the frame of their keystroke (\`renderer/sync/inbound-batch.ts\`). What the app adds is its handling of the character — from the first keydown listener to the end of the \`input\` event, p50 / p95 ${ms1(pct(loaded, 50, handled))} / ${ms1(pct(loaded, 95, handled))} with the peers against ${ms1(pct(control, 50, handled))} / ${ms1(pct(control, 95, handled))} for the control: ProseMirror reading the DOM change, the Collaboration binding writing it into the \`Y.Doc\` and the update sent to the relay; storing it, the toolbar, the counters and the presence list run in later tasks — and a heavier frame. ` +
        `With the peers typing, the profile's self time by package is ${profileTop(loaded.profile, 5)}.`,
    );
  }
  if (r.merge !== null && r.merge.rounds.length > 0) {
    const merge = median(r.merge.rounds.map((x) => x.mergeMs));
    const yjs = median(r.merge.yjs.map((x) => x.ms));
    lines.push(
      `- Merge: the CRDT part (Yjs alone) takes ${ms(yjs)} of the ${ms(merge)} median; the rest is the round trip through the relay (which stores both replicas' updates durably before relaying them) and the editors re-rendering.`,
    );
  }
  return lines.length === 0 ? [] : ['Reading the numbers:', '', ...lines, ''];
}
