/**
 * Measure 2: keystroke-to-paint latency in the real app while remote members type. The page is
 * a committee member with the demo charter open, connected to the relay; it types with
 * Playwright's keyboard (real key events through the DevTools protocol) at a human pace at the
 * end of the document. The probe times each printable keydown from its `timeStamp` to the end
 * of the first frame rendered after it. Three scenarios: the control (a bare editable element on
 * a page of its own, no app: what the browser alone costs), then the app with no peer, then the
 * app with the peers.
 */
import type { Page } from 'playwright';
import { DEMO_WORKSPACE_ID } from '../../../shared/demo/members.js';
import type { KeystrokeSample, SlowEvent } from './page/api.js';
import { launchProfile, type BrowserSession } from './browser.js';
import { otherCoresNow, type BenchContext } from './context.js';
import { startPeers } from './peers.js';
import { profileWhile, type ProfileSummary } from './profile.js';
import { joinCommittee, type DemoRelay } from './relay-setup.js';
import { sleep } from '../relay/stats.js';

/** The demo committee (seeded into the relay by `cli.js demo`). */
export const DEMO_WORKSPACE = DEMO_WORKSPACE_ID;
/** Its charter: numbered articles, so the editor also runs its article numbering. */
const CHARTER = 'charte-2026';

/** Where the keystrokes go: the app's editor, or the bare editable element of the control. */
export type TypingPage = 'app' | 'control';

/** The control page: an editable element and nothing else (`page/control.html`). */
const CONTROL_PAGE = 'bench/control.html';

/** One scenario's samples. */
export interface TypingScenario {
  readonly page: TypingPage;
  readonly peers: number;
  readonly samples: readonly KeystrokeSample[];
  /** The browser's Event Timing entries of 16 ms or more during the scenario. */
  readonly slow: readonly SlowEvent[];
  /** Messages the page received over its WebSockets meanwhile (updates and awareness). */
  readonly messagesIn: number;
  /** Keystrokes the peers sent meanwhile. */
  readonly peerKeystrokes: number;
  readonly seconds: number;
  /** Characters in the document when the scenario ended. */
  readonly docChars: number;
  /** Cores other work took just before the scenario. */
  readonly otherCores: number;
  /** CPU profile of a few more keystrokes, after the timed ones (loaded scenario only). */
  readonly profile: ProfileSummary | null;
}

/** Both scenarios. */
export interface TypingReport {
  readonly scenarios: readonly TypingScenario[];
}

/** Printable ASCII: other characters go through `insertText`, without a keydown to time. */
function typeable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .replace(/\s+/g, ' ');
}

/** Types `count` characters of `chars` with a random pause after each. */
async function typeHumanly(
  page: Page,
  chars: string,
  count: number,
  [min, max]: readonly [number, number],
): Promise<void> {
  for (let i = 0; i < count; i++) {
    await page.keyboard.type(chars[(i + 5000) % chars.length] ?? 'a');
    await sleep(min + Math.random() * (max - min));
  }
}

async function openCharter(ctx: BenchContext, relay: DemoRelay): Promise<BrowserSession> {
  const session = await launchProfile(ctx.profiles.typing, { config: null });
  const { page } = session;
  const member = { sub: 'u-claire', name: 'Claire Martin', org: 'AMF', ws: DEMO_WORKSPACE };
  await joinCommittee(page, ctx.url, relay.directUrl, member);
  await page.goto(`${ctx.url}#/w/${DEMO_WORKSPACE}/doc/${CHARTER}`);
  await page.locator('.document-text[contenteditable="true"] p').first().waitFor();
  await page.locator('[data-sync-status="online"]').waitFor({ timeout: 30_000 });
  return session;
}

/** The bare editable element, in a new page of the session's browser (with the probe). */
async function openControl(ctx: BenchContext, session: BrowserSession): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(`${ctx.url}${CONTROL_PAGE}`);
  await page.locator('#control-text').click();
  return page;
}

async function runScenario(
  ctx: BenchContext,
  session: BrowserSession,
  relay: DemoRelay,
  where: TypingPage,
  peers: number,
  text: string,
): Promise<TypingScenario> {
  const page = where === 'control' ? await openControl(ctx, session) : session.page;
  const editable = where === 'control' ? '#control-text' : '.document-text';
  const plan = ctx.plan.typing;
  const otherCores = await otherCoresNow();
  const group =
    peers === 0
      ? null
      : await startPeers({
          url: relay.directUrl,
          workspace: DEMO_WORKSPACE,
          room: `${DEMO_WORKSPACE}/${CHARTER}`,
          count: peers,
          text,
          delayMs: plan.peerDelayMs,
        });
  try {
    if (group !== null) await sleep(plan.warmupMs);
    await page.locator(editable).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' ');
    await sleep(300);
    await page.evaluate(() => window.ententeProbe!.clearKeystrokes());
    const messagesBefore = await page.evaluate(() => window.ententeProbe!.sockets().messagesIn);
    const peerBefore = group?.keystrokes() ?? 0;
    const started = performance.now();
    const chars = typeable(text);
    await typeHumanly(page, chars, plan.keystrokes, plan.keyDelayMs);
    await sleep(500);
    const seconds = (performance.now() - started) / 1000;
    const samples = await page.evaluate(() => window.ententeProbe!.keystrokes());
    const slow = await page.evaluate(() => window.ententeProbe!.slowEvents());
    const messagesIn =
      (await page.evaluate(() => window.ententeProbe!.sockets().messagesIn)) - messagesBefore;
    const docChars = await page
      .locator(editable)
      .evaluate((node) => (node.textContent ?? '').length);
    const peerKeystrokes = (group?.keystrokes() ?? 0) - peerBefore;
    // What the keystrokes spend their time on; after the timed ones, since sampling slows them.
    const profile =
      group === null
        ? null
        : await profileWhile(page, () => typeHumanly(page, chars, 40, plan.keyDelayMs));
    ctx.log(
      `typing (${where}) with ${peers} peers: ${samples.length} keystrokes in ${seconds.toFixed(0)} s, ` +
        `${messagesIn} messages in, peers typed ${peerKeystrokes}`,
    );
    return {
      page: where,
      peers,
      samples,
      slow,
      messagesIn,
      peerKeystrokes,
      seconds,
      docChars,
      otherCores,
      profile,
    };
  } finally {
    group?.stop();
    if (where === 'control') await page.close();
  }
}

/** Measure 2: `text` is what everyone types (the French report, or a fallback sentence). */
export async function measureTyping(
  ctx: BenchContext,
  relay: DemoRelay,
  text: string,
): Promise<TypingReport> {
  const session = await openCharter(ctx, relay);
  try {
    const scenarios: TypingScenario[] = [];
    const runs: ReadonlyArray<readonly [TypingPage, number]> = [
      ['control', 0],
      ['app', 0],
      ['app', ctx.plan.typing.peers],
    ];
    for (const [where, peers] of runs) {
      scenarios.push(await runScenario(ctx, session, relay, where, peers, text));
    }
    if (session.errors.length > 0)
      ctx.notes.push(`typing: page errors: ${session.errors.join('; ')}`);
    return { scenarios };
  } finally {
    await session.close();
  }
}
