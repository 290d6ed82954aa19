#!/usr/bin/env node
/**
 * `npm start`: the first thing a newcomer runs. Builds what is missing or stale, seeds the demo
 * committee into the embedded relay's store (once), starts the relay (which also serves the web
 * app), and opens the desktop app signed in as a member — or, where no Electron binary can be
 * had (as on our build machines), says so in one line and prints the URL of the same app in a
 * browser. `npm run start:second-member` opens a second member on the running relay.
 *
 * Plain JavaScript so it runs before anything is built; it talks to the relay only through its
 * command line and HTTP, never by importing it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist/sync-server/cli.js');
const SOURCES = ['shared', 'sync-server', 'renderer', 'main'];
const HOST = process.env.HOST ?? '127.0.0.1';
const PORT = Number(process.env.PORT ?? 1234);

/**
 * Newest modification time under `dir` (source files only), in ms.
 * @param {string} dir
 * @returns {number}
 */
export function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (/\.(ts|tsx|css|html|json)$/.test(entry.name))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * True when the relay, the web app or the desktop app's main process or preload is missing, or
 * older than a source file.
 * @param {string} [root]
 * @returns {boolean}
 */
export function needsBuild(root = ROOT) {
  const outputs = [
    join(root, 'dist/sync-server/cli.js'),
    join(root, 'dist/renderer/index.html'),
    join(root, 'dist/main/index.js'),
    join(root, 'dist/main/preload/index.cjs'),
  ];
  if (!outputs.every((file) => existsSync(file))) return true;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  return SOURCES.some((dir) => existsSync(join(root, dir)) && newestMtime(join(root, dir)) > built);
}

/**
 * The browser URL that opens the web app and joins the committee with `token`.
 * @param {string} host
 * @param {number} port
 * @param {string} token
 * @returns {string}
 */
export function joinUrl(host, port, token) {
  const relay = `ws://${host}:${port}`;
  const link = `entente://join?relay=${encodeURIComponent(relay)}&token=${token}`;
  return `http://${host}:${port}/#open=${encodeURIComponent(link)}`;
}

/**
 * The Electron binary when one is installed, else null. Reads the package's own `path.txt`
 * rather than requiring `electron`, whose entry point tries to download the binary — which must
 * never happen here (only loopback is reachable) and prints a stack trace when it fails.
 * @param {string | null} [electronDir] the `electron` package folder (tests pass their own)
 * @returns {string | null}
 */
export function electronBinary(electronDir = packageDir('electron')) {
  if (electronDir === null) return null;
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/**
 * Folder of an installed package, or null.
 * @param {string} name
 * @returns {string | null}
 */
function packageDir(name) {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

async function relayIsUp() {
  try {
    return (await fetch(`http://${HOST}:${PORT}/healthz`)).ok;
  } catch {
    return false;
  }
}

/** @param {import('node:child_process').ChildProcess} child */
async function waitForRelay(child) {
  for (let i = 0; i < 100; i++) {
    if (await relayIsUp()) return;
    if (child.exitCode !== null) throw new Error(`the relay exited with code ${child.exitCode}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error('the relay did not start within 10 s');
}

/** Each loopback name and the other one: two origins on one relay. */
const LOOPBACK_NAMES = new Map([
  ['127.0.0.1', 'localhost'],
  ['localhost', '127.0.0.1'],
]);

/** The desktop app's profile of the second member (`main/services/profile-folder.ts`). */
export const SECOND_MEMBER_PROFILE = '--entente-profile=second-member';

/**
 * How a member is opened, without opening anything. Each member needs storage of their own:
 * in Electron the second one gets a profile (its own user-data folder, so its own instance
 * rather than a link forwarded to the first window); in a browser, another origin — the other
 * loopback name — since a browser keeps storage per origin. For a host with no other name, the
 * second member's line says to use a private window.
 * @param {{ host: string, port: number, token: string, second: boolean, electron: string | null, browserAsked?: boolean }} o
 *   `electron`: the binary to run, null for the browser (`browserAsked`: by ENTENTE_BROWSER=1)
 * @param {{ name: string, org: string }} member
 * @returns {{ command: { file: string, args: string[] } | null, line: string }}
 */
export function launchPlan(o, member) {
  const who = `${member.name} (${member.org})`;
  if (o.electron !== null) {
    const relay = encodeURIComponent(`ws://${o.host}:${o.port}`);
    const link = `entente://join?relay=${relay}&token=${o.token}`;
    const args = [ROOT, ...(o.second ? [SECOND_MEMBER_PROFILE] : []), link];
    return { command: { file: o.electron, args }, line: `Entente ouvert pour ${who}.` };
  }
  const other = LOOPBACK_NAMES.get(o.host);
  const host = o.second && other !== undefined ? other : o.host;
  const privately =
    o.second && other === undefined
      ? ' (dans une fenêtre de navigation privée, pour ne pas partager les données du premier membre)'
      : '';
  const why = o.browserAsked
    ? 'ENTENTE_BROWSER=1'
    : "Electron n'est pas disponible sur cette machine";
  return {
    command: null,
    line: `${why} : ouvrez Entente dans Chromium, connecté comme ${who}${privately} : ${joinUrl(host, o.port, o.token)}`,
  };
}

/**
 * @param {{ name: string, org: string, token: string }} member
 * @param {boolean} second
 */
function open(member, second) {
  // ENTENTE_BROWSER=1: the browser even where Electron is installed (and in the tests).
  const browserAsked = process.env.ENTENTE_BROWSER === '1';
  const electron = browserAsked ? null : electronBinary();
  const plan = launchPlan(
    { host: HOST, port: PORT, token: member.token, second, electron, browserAsked },
    member,
  );
  if (plan.command !== null) spawn(plan.command.file, plan.command.args, { stdio: 'inherit' });
  console.log(plan.line);
}

async function main() {
  const second = process.argv.includes('--second-member');
  if (needsBuild()) {
    console.log('Construction de l’application…');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  /** @type {{ seeded: string[], users: Array<{ name: string, org: string, role: string, token: string }> }} */
  const demo = JSON.parse(
    execFileSync(process.execPath, [CLI, 'demo'], { cwd: ROOT, encoding: 'utf8' }),
  );
  const members = demo.users.filter((u) => u.role === 'member');
  const member = members[second ? 1 : 0];
  if (member === undefined) throw new Error('the demo committee needs two members');
  if (await relayIsUp()) {
    open(member, second);
    return;
  }
  if (second) throw new Error(`no relay on ${HOST}:${PORT}: run \`npm start\` first`);
  const relay = spawn(process.execPath, [CLI], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ENTENTE_LOG_LEVEL: 'warn', ...process.env },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => relay.kill('SIGTERM'));
  await waitForRelay(relay);
  console.log(
    `Relais Entente sur ws://${HOST}:${PORT} (${demo.seeded.length > 0 ? 'comité de démonstration créé' : 'données existantes conservées'}). Ctrl+C pour arrêter.`,
  );
  open(member, second);
  relay.on('exit', (code) => process.exit(code ?? 0));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`npm start : ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
