/**
 * "Reading the numbers": what dominates each measure, worked out from this run's own figures
 * (phases, the bench page's Yjs-only timings, the CPU profiles), so that a rerun's text matches
 * its numbers.
 */
import { median, percentileSorted } from '../relay/stats.js';
import type { MergeReport } from './merge.js';
import type { OpenCase, OpenReport } from './open-doc.js';
import type { ProfileSummary } from './profile.js';
import type { TypingReport, TypingScenario } from './typing.js';

const ms = (n: number): string => `${Math.round(n).toLocaleString('en')} ms`;

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
    `Applying the same stored state to a \`Y.Doc\` alone takes ${ms(apply)} in the bench page, so roughly ${ms(Math.max(0, after - apply))} of that last part is React, Tiptap and y-prosemirror building and drawing the ${blocks.toLocaleString('en')} blocks.`
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
  const idle = r.typing.scenarios.find((s) => s.peers === 0);
  const loaded = r.typing.scenarios.find((s) => s.profile !== null);
  if (idle !== undefined && loaded !== undefined) {
    const p95 = (s: TypingScenario) =>
      percentileSorted(
        s.samples.map((k) => (k.painted ?? NaN) - k.event).sort((a, b) => a - b),
        95,
      );
    lines.push(
      `- Typing: the target is missed with or without peers (p95 ${ms(p95(idle))} with none, ${ms(p95(loaded))} with ${loaded.peers}). A keystroke waits for the next 60 Hz frame, so it cannot be painted in less than what is left of 16.7 ms when it arrives, and its own handling (ProseMirror, the Collaboration binding, the app storing the update and sending it) plus the frame's rendering come on top. With the peers typing, the profile's self time by package is ${profileTop(loaded.profile, 5)}: \`@tiptap/core\`'s time is mostly \`get commands\`, \`can\` and \`createChain\`, i.e. the toolbar (\`renderer/editor/Toolbar.tsx\`, \`useEditorState\`) asking \`editor.can()\` for every button on every transaction — remote ones included — and re-rendering through React.`,
    );
  }
  if (r.merge !== null && r.merge.rounds.length > 0) {
    const merge = median(r.merge.rounds.map((x) => x.mergeMs));
    const yjs = median(r.merge.yjs.map((x) => x.ms));
    lines.push(
      `- Merge: the CRDT part (Yjs alone) takes ${ms(yjs)} of the ${ms(merge)} median; the rest is the round trip through the relay (which stores both replicas' updates durably before relaying them) and the editors re-rendering. What a member waits for after going back online is dominated by the app's reconnection backoff (up to 30 s), not by the merge.`,
    );
  }
  return lines.length === 0 ? [] : ['Reading the numbers:', '', ...lines, ''];
}
