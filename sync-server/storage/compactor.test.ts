import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Compactor } from './compactor.js';

/** A realistic editing history: inserts, deletions and formatting, one update per edit. */
function history(edits: number): { updates: Uint8Array[]; text: string } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('body');
  for (let i = 0; i < edits; i++) {
    if (i % 7 === 6 && text.length > 3) text.delete((i * 13) % (text.length - 2), 2);
    else if (i % 11 === 10) text.format(0, Math.min(5, text.length), { bold: i % 2 === 0 });
    else text.insert((i * 31) % (text.length + 1), `mot${i} `);
  }
  const result = { updates, text: text.toString() };
  doc.destroy();
  return result;
}

/** One update holding `count` separate one-character items (each insert at 0 makes a new item). */
function manyItems(count: number): Uint8Array {
  const doc = new Y.Doc();
  const body = doc.getText('body');
  doc.transact(() => {
    for (let i = 0; i < count; i++) body.insert(0, String.fromCharCode(97 + (i % 26)));
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

function textOf(update: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const text = doc.getText('body').toString();
  doc.destroy();
  return text;
}

describe('Compactor', () => {
  let compactor: Compactor;
  afterEach(() => compactor.close());

  it('merges many real updates into one update that rebuilds the same text', async () => {
    compactor = new Compactor();
    const { updates, text } = history(3000);
    const merged = await compactor.merge(null, updates);
    expect(merged).toBeInstanceOf(Uint8Array);
    expect(textOf(merged)).toBe(text);
    const logBytes = updates.reduce((sum, u) => sum + u.byteLength, 0);
    expect(merged.byteLength).toBeLessThan(logBytes);
  });

  it('folds new updates into an existing snapshot', async () => {
    compactor = new Compactor();
    const { updates, text } = history(400);
    const snapshot = await compactor.merge(null, updates.slice(0, 250));
    const merged = await compactor.merge(snapshot, updates.slice(250));
    expect(textOf(merged)).toBe(text);
  });

  it('keeps updates whose dependencies are missing instead of dropping them', async () => {
    compactor = new Compactor();
    const { updates, text } = history(20);
    const withHole = await compactor.merge(
      null,
      updates.filter((_, i) => i !== 9),
    );
    expect(textOf(withHole)).not.toBe(text);
    // The updates after the hole were kept as pending structs: the missing one completes them.
    expect(textOf(await compactor.merge(withHole, [updates[9]!]))).toBe(text);
  });

  it('neither detaches nor modifies the caller’s arrays, views included', async () => {
    compactor = new Compactor();
    const { updates, text } = history(50);
    const backing = new Uint8Array(updates.reduce((sum, u) => sum + u.byteLength, 0) + 16);
    let offset = 8;
    const views = updates.map((u) => {
      backing.set(u, offset);
      offset += u.byteLength;
      return backing.subarray(offset - u.byteLength, offset);
    });
    const before = Array.from(backing);
    expect(textOf(await compactor.merge(null, views))).toBe(text);
    expect(backing.byteLength).toBe(before.length);
    expect(Array.from(backing)).toEqual(before);
  });

  it('answers concurrent merges each with its own result', async () => {
    compactor = new Compactor();
    const histories = [history(30), history(60), history(90)];
    const merged = await Promise.all(histories.map((h) => compactor.merge(null, h.updates)));
    merged.forEach((m, i) => expect(textOf(m)).toBe(histories[i]!.text));
  });

  it('rejects garbage bytes and stays usable for the next merge', async () => {
    compactor = new Compactor();
    const { updates, text } = history(40);
    await expect(
      compactor.merge(null, [updates[0]!, Uint8Array.of(0xde, 0xad, 0xbe, 0xef)]),
    ).rejects.toThrow(/^compactor: merge failed: Unexpected end of array/);
    await expect(compactor.merge(Uint8Array.of(255, 255, 255), [])).rejects.toThrow(/merge failed/);
    expect(textOf(await compactor.merge(null, updates))).toBe(text);
  });

  it('rejects arguments that are not byte arrays without reaching the worker', async () => {
    compactor = new Compactor();
    await expect(compactor.merge('x' as unknown as Uint8Array, [])).rejects.toThrow(TypeError);
    await expect(compactor.merge(null, [[1, 2]] as unknown as Uint8Array[])).rejects.toThrow(
      TypeError,
    );
  });

  it('keeps the event loop turning while it merges a large document', async () => {
    compactor = new Compactor();
    const big = manyItems(300_000);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const started = performance.now();
    const merged = await compactor.merge(null, [big]);
    const elapsed = performance.now() - started;
    clearInterval(timer);
    expect(textOf(merged)).toHaveLength(300_000);
    // Merged on the main thread, the interval could not fire at all until the merge was done.
    expect(elapsed).toBeGreaterThan(50);
    expect(ticks).toBeGreaterThanOrEqual(Math.min(10, Math.floor(elapsed / 20)));
  }, 60_000);

  it('rejects pending and later merges once closed, and closes idempotently', async () => {
    compactor = new Compactor();
    const pending = expect(compactor.merge(null, history(5000).updates)).rejects.toThrow(
      'compactor is closed',
    );
    await compactor.close();
    await pending;
    await expect(compactor.merge(null, [])).rejects.toThrow('compactor is closed');
    await expect(compactor.close()).resolves.toBeUndefined();
  });

  it('fails the jobs of a worker that runs out of memory and starts a new worker for the next', async () => {
    compactor = new Compactor({
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    // ~3 MiB encoded, far more than 16 MiB of heap once decoded into 300k Yjs structs.
    const huge = manyItems(300_000);
    await expect(compactor.merge(null, [huge])).rejects.toThrow(
      /compactor worker (failed|exited).*memory/,
    );
    const { updates, text } = history(30);
    expect(textOf(await compactor.merge(null, updates))).toBe(text);
  }, 60_000);
});
