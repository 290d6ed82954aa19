/**
 * What the SQLite store keeps on disk: a WAL that stays small under a stream of commits and goes
 * back to nothing once writes stop, free pages given back by every compaction, and a file made
 * before `auto_vacuum` rebuilt once with its data intact.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteDocStore } from './sqlite-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'entente-sqlite-disk-'));
  dirs.push(dir);
  return join(dir, 'store.sqlite');
}

const walBytes = (file: string): number =>
  existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;

async function waitUntil(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

describe('SqliteDocStore on disk', () => {
  it('keeps the WAL small under a stream of commits, and empties it once they stop', async () => {
    const file = freshFile();
    const store = await SqliteDocStore.open({ file });
    let largest = 0;
    let last = 0;
    let startedOver = 0;
    // 3,000 commits of one small update each, as a typist's stream arrives: unchecked, each
    // adds two or three 4 KiB pages to the WAL (over 24 MB in all, and it only grows).
    for (let i = 0; i < 3000; i++) {
      await store.append([{ room: 'w/d', data: new Uint8Array(24).fill(i % 251) }]);
      if (i % 10 === 0) {
        const now = walBytes(file);
        if (now < last) startedOver += 1;
        largest = Math.max(largest, now);
        last = now;
      }
      // Now and then a turn of the event loop, as between a relay's group commits.
      if (i % 100 === 99) await new Promise((ok) => setTimeout(ok, 0));
    }
    // The WAL started over during the stream, again and again. How large it gets in between
    // depends on how fast the checkpointer copies (about 1 MB on a quiet machine, several
    // under a loaded test run), never the whole stream.
    expect(startedOver).toBeGreaterThan(2);
    expect(largest).toBeLessThan(12 * 1024 * 1024);
    // No commit for a while: the checkpointer truncates the WAL to nothing.
    await waitUntil(() => walBytes(file) === 0, 'an empty WAL');
    expect((await store.load('w/d')).updates).toHaveLength(3000);
    await store.close();
  });

  it('gives the pages of old snapshots and folded logs back at each compaction', async () => {
    const file = freshFile();
    const store = await SqliteDocStore.open({ file });
    const raw = new Database(file, { readonly: true });
    try {
      for (let round = 1; round <= 5; round++) {
        const updates = Array.from({ length: 200 }, (_, i) => ({
          room: 'w/d',
          data: new Uint8Array(100).fill((round + i) % 251),
        }));
        await store.append(updates);
        const last = (await store.load('w/d')).lastSeq;
        expect(await store.compact('w/d', last, new Uint8Array(200_000).fill(round))).toBe(true);
        expect(raw.pragma('freelist_count', { simple: true })).toBe(0);
      }
      const room = await store.load('w/d');
      expect(room.snapshot?.[0]).toBe(5);
      expect(room.updates).toHaveLength(0);
    } finally {
      raw.close();
      await store.close();
    }
    // Five 200 kB snapshots were written; one is kept, and so is about one on disk.
    expect(statSync(file).size + walBytes(file)).toBeLessThan(2 * 200_000 + 64 * 1024);
  });

  it('rebuilds a file made before auto_vacuum once, keeping what it holds', async () => {
    const file = freshFile();
    const first = await SqliteDocStore.open({ file });
    await first.append([{ room: 'w/d', data: Uint8Array.of(1, 2, 3) }]);
    await first.close();
    // As an older version left it: no auto_vacuum.
    const raw = new Database(file);
    raw.pragma('auto_vacuum = NONE');
    raw.exec('VACUUM');
    expect(raw.pragma('auto_vacuum', { simple: true })).toBe(0);
    raw.close();

    const reopened = await SqliteDocStore.open({ file });
    const room = await reopened.load('w/d');
    expect(room.updates.map((u) => [...u.data])).toEqual([[1, 2, 3]]);
    await reopened.close();
    const check = new Database(file, { readonly: true });
    expect(check.pragma('auto_vacuum', { simple: true })).toBe(2);
    check.close();
  });
});
