/**
 * What a newcomer runs: `npm start`, then `npm run start:second-member`, on a machine where the
 * app opens in a browser (as here: no Electron binary; `ENTENTE_BROWSER=1` forces that path where
 * one is installed). Each prints one line with a URL; opened as two tabs of ONE browser, they are
 * two members of the demo committee editing its charter together — each URL on an origin of its
 * own, so the second member's invitation and storage never replace the first's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORKSPACE_ID } from '../../shared/demo/members.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import { freePort, removeDir, tempDir } from '../support/relay-process.js';
import { documentText, TEXT, typeAt } from './committee-rig.js';

const START = resolve(import.meta.dirname, '../../build/start.js');
const LINE = /connecté comme (.+) \((.+)\) : (http\S+)$/;

interface Opened {
  readonly name: string;
  readonly org: string;
  readonly url: string;
}

/** Runs `build/start.js` with `args` until it prints the line that opens a member. */
function startMember(
  env: NodeJS.ProcessEnv,
  args: string[],
): Promise<{ child: ChildProcess; opened: Opened }> {
  const child = spawn(process.execPath, [START, ...args], { env, stdio: 'pipe' });
  let output = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no member line in:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      for (const line of output.split('\n')) {
        const match = LINE.exec(line.trim());
        if (match === null) continue;
        clearTimeout(timer);
        ok({ child, opened: { name: match[1]!, org: match[2]!, url: match[3]! } });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      if (LINE.test(output)) return;
      clearTimeout(timer);
      fail(new Error(`start.js exited with ${code}:\n${output}`));
    });
  });
}

describe('npm start and start:second-member, in a browser', () => {
  let dataDir: string;
  let relay: ChildProcess | undefined;
  let browser: Browser;
  let first: Opened;
  let second: Opened;
  const pages: Page[] = [];

  beforeAll(async () => {
    dataDir = tempDir('entente-start-');
    const env = {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      ENTENTE_DATA_DIR: dataDir,
      ENTENTE_BROWSER: '1',
    };
    const started = await startMember(env, []);
    relay = started.child;
    first = started.opened;
    second = (await startMember(env, ['--second-member'])).opened;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (relay !== undefined && relay.exitCode === null) {
      const exited = new Promise((ok) => relay!.once('exit', ok));
      relay.kill('SIGTERM');
      await exited;
    }
    removeDir(dataDir);
  });

  it('prints two members, each on an origin of their own', () => {
    expect(first.name).not.toBe(second.name);
    expect(new URL(first.url).origin).not.toBe(new URL(second.url).origin);
  });

  it('opens them as two tabs of one browser: two people editing the charter together', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    for (const member of [first, second]) {
      const page = await context.newPage();
      await page.goto(member.url);
      await page.getByText(`Vous participez en tant que ${member.name} (${member.org})`).waitFor();
      const base = new URL(member.url).origin;
      await page.goto(`${base}/#/w/${DEMO_WORKSPACE_ID}/doc/charte-2026`);
      await page.getByRole('textbox', TEXT).waitFor();
      pages.push(page);
    }
    const [one, two] = pages as [Page, Page];
    await typeAt(one, 'end', ' Relu par le premier membre.');
    await expect.poll(() => documentText(two), { timeout: 15_000 }).toContain('premier membre.');
    await typeAt(two, 'end', ' Puis par le second.');
    await expect.poll(() => documentText(one), { timeout: 15_000 }).toContain('par le second.');
    // The second tab did not take the first one's place: after a reload it is still member 1.
    await one.reload();
    await one.getByRole('textbox', TEXT).waitFor();
    const presence = one.getByRole('region', { name: 'Personnes présentes' });
    await expect
      .poll(() => presence.getByRole('listitem').allTextContents(), { timeout: 15_000 })
      .toEqual([`${first.name}, ${first.org} (vous)`, `${second.name}, ${second.org}`]);
  });
});
