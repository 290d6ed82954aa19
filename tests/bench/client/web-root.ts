/**
 * What the browser loads, from one origin so that the bench page and the app share IndexedDB:
 * dist/bench-client/ holds a copy of the app's build (`dist/renderer`, made by `npm run build`)
 * at its root, the bench page under `bench/`, and the probe script under `probe/`. Served by
 * the tests' static server, with main's Content-Security-Policy like the e2e tests.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../relay/servers.js';

/** The folder served to the browser. */
export const WEB_ROOT = join(REPO_ROOT, 'dist/bench-client');

/** The probe, injected into the app as an init script. */
export const PROBE_SCRIPT = join(WEB_ROOT, 'probe/probe.js');

/** Path of the bench page under the served root. */
export const BENCH_PAGE = 'bench/bench.html';

const APP_BUILD = join(REPO_ROOT, 'dist/renderer');
const VITE = join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
const CONFIG = join(REPO_ROOT, 'tests/bench/client/vite.config.ts');

/** Builds the bench page and the probe, and lays the app's build beside them. */
export function buildWebRoot(): void {
  if (!existsSync(join(APP_BUILD, 'index.html'))) {
    throw new Error(`${APP_BUILD}/index.html is missing: run \`npm run build\` first`);
  }
  for (const mode of ['production', 'probe']) {
    execFileSync(process.execPath, [VITE, 'build', '--config', CONFIG, '--mode', mode], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  // The app's files go at the root; an older copy's hashed assets are removed first.
  rmSync(join(WEB_ROOT, 'assets'), { recursive: true, force: true });
  cpSync(APP_BUILD, WEB_ROOT, { recursive: true });
}
