import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SECOND_MEMBER_PROFILE, electronBinary, joinUrl, launchPlan, needsBuild } from './start.js';

/** @type {string[]} */
const dirs = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree() {
  const root = mkdtempSync(join(tmpdir(), 'entente-start-'));
  dirs.push(root);
  for (const dir of ['shared', 'dist/sync-server', 'dist/renderer', 'dist/main/preload'])
    mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'shared/a.ts'), 'export {};');
  const old = new Date(Date.now() - 60_000);
  utimesSync(join(root, 'shared/a.ts'), old, old);
  return root;
}

describe('npm start', () => {
  it('builds when an output is missing or older than a source, not otherwise', () => {
    const root = tree();
    expect(needsBuild(root)).toBe(true);
    writeFileSync(join(root, 'dist/sync-server/cli.js'), '');
    writeFileSync(join(root, 'dist/renderer/index.html'), '');
    writeFileSync(join(root, 'dist/main/index.js'), '');
    // The desktop app also needs its preload bundle.
    expect(needsBuild(root)).toBe(true);
    writeFileSync(join(root, 'dist/main/preload/index.cjs'), '');
    expect(needsBuild(root)).toBe(false);
    writeFileSync(join(root, 'shared/b.ts'), 'export {};');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'shared/b.ts'), later, later);
    expect(needsBuild(root)).toBe(true);
  });

  it('opens the web app with a join link the renderer parses', () => {
    const url = new URL(joinUrl('127.0.0.1', 1234, 'a.b.c'));
    expect(url.origin).toBe('http://127.0.0.1:1234');
    const link = decodeURIComponent(url.hash.slice('#open='.length));
    expect(link).toBe('entente://join?relay=ws%3A%2F%2F127.0.0.1%3A1234&token=a.b.c');
  });

  const claire = { name: 'Claire Martin', org: 'AMF' };
  const paul = { name: 'Paul Durand', org: 'ADF' };

  it('opens each member in a desktop app of their own: the second with a profile', () => {
    const first = launchPlan(
      { host: '127.0.0.1', port: 1234, token: 't1', second: false, electron: '/opt/electron' },
      claire,
    );
    const second = launchPlan(
      { host: '127.0.0.1', port: 1234, token: 't2', second: true, electron: '/opt/electron' },
      paul,
    );
    const link = (/** @type {string} */ token) =>
      `entente://join?relay=ws%3A%2F%2F127.0.0.1%3A1234&token=${token}`;
    expect(first.command?.args.slice(1)).toEqual([link('t1')]);
    expect(second.command?.args.slice(1)).toEqual([SECOND_MEMBER_PROFILE, link('t2')]);
    expect(second.line).toBe('Entente ouvert pour Paul Durand (ADF).');
    // The switch main reads (`main/services/profile-folder.ts`, whose test gives this very
    // argument its own user-data folder, hence an instance of its own).
    expect(SECOND_MEMBER_PROFILE).toBe('--entente-profile=second-member');
  });

  it('without Electron, says so in one line with a browser URL; the second member on another origin', () => {
    const plan = (/** @type {boolean} */ second, host = '127.0.0.1') =>
      launchPlan({ host, port: 1234, token: second ? 't2' : 't1', second, electron: null }, claire);
    const urlOf = (/** @type {string} */ line) => new URL(line.slice(line.lastIndexOf(' ') + 1));
    const first = plan(false);
    expect(first.command).toBeNull();
    expect(first.line.split('\n')).toHaveLength(1);
    expect(first.line).toMatch(
      /^Electron n'est pas disponible sur cette machine : .*Claire Martin \(AMF\)/,
    );
    expect(urlOf(first.line).href).toBe(joinUrl('127.0.0.1', 1234, 't1'));
    // A browser keeps storage per origin: the other loopback name gives member 2 their own.
    const second = urlOf(plan(true).line);
    expect(second.origin).toBe('http://localhost:1234');
    expect(decodeURIComponent(second.hash)).toContain('relay=ws%3A%2F%2Flocalhost%3A1234');
    expect(urlOf(plan(true, 'localhost').line).origin).toBe('http://127.0.0.1:1234');
    // Asked for by ENTENTE_BROWSER=1 where Electron is installed: the line says so.
    const asked = launchPlan(
      {
        host: '127.0.0.1',
        port: 1234,
        token: 't1',
        second: false,
        electron: null,
        browserAsked: true,
      },
      claire,
    );
    expect(asked.line).toMatch(/^ENTENTE_BROWSER=1 : ouvrez Entente dans Chromium/);
    // A host with no other name: a private window keeps the two apart.
    expect(plan(true, 'entente.lan').line).toContain('fenêtre de navigation privée');
  });

  it('finds the Electron binary from the package path.txt, never by downloading', () => {
    const pkg = mkdtempSync(join(tmpdir(), 'entente-electron-'));
    dirs.push(pkg);
    expect(electronBinary(pkg)).toBeNull();
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    expect(electronBinary(pkg)).toBeNull();
    mkdirSync(join(pkg, 'dist'));
    writeFileSync(join(pkg, 'dist/electron'), '');
    expect(electronBinary(pkg)).toBe(join(pkg, 'dist/electron'));
  });
});
