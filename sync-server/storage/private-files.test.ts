import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrivateFile, ensurePrivateDir, tightenFiles } from './private-files.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

let root: string;
let umask: number;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'entente-private-'));
  // The widest umask: nothing may rely on the process's own.
  umask = process.umask(0);
});
afterEach(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

describe('private files', () => {
  it('creates the data directory 0700 and files 0600 whatever the umask', () => {
    const dir = join(root, 'a', 'data');
    expect(ensurePrivateDir(dir)).toBe(false);
    expect(modeOf(dir)).toBe(0o700);
    createPrivateFile(join(dir, 'store.sqlite'));
    expect(modeOf(join(dir, 'store.sqlite'))).toBe(0o600);
  });

  it('tightens an existing directory and files left open, and says which', () => {
    const dir = join(root, 'data');
    ensurePrivateDir(dir);
    chmodSync(dir, 0o755);
    expect(ensurePrivateDir(dir)).toBe(true);
    expect(modeOf(dir)).toBe(0o700);
    writeFileSync(join(dir, 'a'), 'x', { mode: 0o644 });
    writeFileSync(join(dir, 'b'), 'x', { mode: 0o600 });
    expect(tightenFiles([join(dir, 'a'), join(dir, 'b'), join(dir, 'absent')])).toEqual([
      join(dir, 'a'),
    ]);
    expect(modeOf(join(dir, 'a'))).toBe(0o600);
  });

  it('keeps what an existing file holds', () => {
    const file = join(root, 'kept');
    writeFileSync(file, 'données', { mode: 0o666 });
    createPrivateFile(file);
    expect(modeOf(file)).toBe(0o600);
    expect(statSync(file).size).toBe('données'.length + 1);
  });

  it('refuses a shared directory such as /tmp rather than change it', () => {
    const shared = join(root, 'shared');
    ensurePrivateDir(shared);
    chmodSync(shared, 0o1777);
    expect(() => ensurePrivateDir(shared)).toThrow(/shared directory/);
    expect(modeOf(shared)).toBe(0o777);
  });
});
