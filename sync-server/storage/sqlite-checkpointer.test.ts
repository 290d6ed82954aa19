import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteDocStore } from './sqlite-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('WAL checkpoints off the commit path', () => {
  it('copies committed pages into the database file from the worker while the store is open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'entente-ckpt-'));
    dirs.push(dir);
    const file = join(dir, 'store.sqlite');
    const store = await SqliteDocStore.open({ file });
    const before = statSync(file).size;
    for (let i = 0; i < 300; i++)
      await store.append([{ room: 'w/d', data: new Uint8Array(2048).fill(i % 251) }]);
    // Auto-checkpoints are off on the store's connection, so only the worker can grow the file.
    const deadline = Date.now() + 5000;
    while (statSync(file).size < before + 300 * 2048 && Date.now() < deadline) {
      await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(statSync(file).size).toBeGreaterThanOrEqual(before + 300 * 2048);
    const room = await store.load('w/d');
    expect(room.updates).toHaveLength(300);
    await store.close();
  });
});
