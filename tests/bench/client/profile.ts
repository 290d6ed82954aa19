/**
 * A brief CPU profile of the app's renderer while it opens a document (DevTools protocol
 * `Profiler`), summed by self time per package or app folder and per function, named through the
 * build's source maps. It says what dominates the open time; the timings themselves come from
 * unprofiled rounds (sampling slows the page down a little).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { SourceMap } from './source-map.js';
import { WEB_ROOT } from './web-root.js';

/** Self time, summed. */
export interface ProfileEntry {
  readonly name: string;
  readonly selfMs: number;
}

/** What a profile says. */
export interface ProfileSummary {
  /** Sampled time, idle excluded. */
  readonly totalMs: number;
  /** Packages and app folders, most self time first. */
  readonly groups: readonly ProfileEntry[];
  /** Functions, most self time first. */
  readonly top: readonly ProfileEntry[];
}

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: CallFrame }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** `…/node_modules/@scope/pkg/…` → `@scope/pkg`; an app file → its folder (`renderer/editor`). */
function groupOf(file: string): string {
  const parts = file.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at >= 0) {
    const name = parts[at + 1] ?? '?';
    return name.startsWith('@') ? `${name}/${parts[at + 2] ?? ''}` : name;
  }
  const app = parts.findIndex((p) => p === 'renderer' || p === 'shared');
  return app >= 0 ? parts.slice(app, Math.min(app + 2, parts.length - 1)).join('/') : file;
}

/** Names a sampled frame through the source map of its script, when there is one. */
function namer(): (frame: CallFrame) => { group: string; name: string } {
  const maps = new Map<string, SourceMap | null>();
  return (frame) => {
    const own = frame.functionName || '(anonymous)';
    if (frame.url === '') return { group: own, name: own };
    // Scripts of the app are http URLs; anything else (injected, internal) is named as it is.
    if (!frame.url.startsWith('http'))
      return { group: 'other scripts', name: `${own} (other scripts)` };
    const path = new URL(frame.url).pathname;
    if (!maps.has(path)) {
      const file = join(WEB_ROOT, `${path}.map`);
      maps.set(path, existsSync(file) ? new SourceMap(file) : null);
    }
    const found = maps.get(path)?.lookup(frame.lineNumber, frame.columnNumber) ?? null;
    if (found === null) return { group: path, name: own };
    const group = groupOf(found.file);
    return { group, name: `${found.name ?? own} (${group})` };
  };
}

function topOf(totals: Map<string, number>, count: number): ProfileEntry[] {
  return [...totals]
    .map(([name, us]) => ({ name, selfMs: us / 1000 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, count);
}

/** Profiles `page` while `run` runs. */
export async function profileWhile(page: Page, run: () => Promise<void>): Promise<ProfileSummary> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
    await run();
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    const name = namer();
    const frames = new Map(profile.nodes.map((node) => [node.id, name(node.callFrame)]));
    const groups = new Map<string, number>();
    const functions = new Map<string, number>();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const frame = frames.get(id);
      const us = profile.timeDeltas[i] ?? 0;
      if (frame === undefined || frame.group === '(idle)') return;
      total += us;
      groups.set(frame.group, (groups.get(frame.group) ?? 0) + us);
      functions.set(frame.name, (functions.get(frame.name) ?? 0) + us);
    });
    return { totalMs: total / 1000, groups: topOf(groups, 10), top: topOf(functions, 10) };
  } finally {
    await cdp.detach();
  }
}
