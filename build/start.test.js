import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronBinary, joinUrl, needsBuild } from './start.js';

/** @type {string[]} */
const dirs = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree() {
  const root = mkdtempSync(join(tmpdir(), 'entente-start-'));
  dirs.push(root);
  for (const dir of ['shared', 'dist/sync-server', 'dist/renderer'])
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
