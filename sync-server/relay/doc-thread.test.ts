import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EMPTY_STATE_VECTOR } from '../../shared/protocol/empty-state.js';
import { validateUpdate, type ParsedUpdate } from '../../shared/protocol/update-validator.js';
import { createRandom } from '../../shared/testing/seeded-random.js';
import { docWithClient, poisonPair } from '../../shared/testing/yjs-updates.js';
import { applyClientUpdate, isRedundant } from './doc-apply.js';
import { DocThread, step1Item, updateItem, type Verdict } from './doc-thread.js';

function parsed(update: Uint8Array): ParsedUpdate {
  const check = validateUpdate(update);
  if (!check.ok) throw new Error(`validator refused a real update: ${check.reason}`);
  return check.update;
}

/** The relay's own rule on its own thread (`drain-room.ts` and `doc-apply.ts`). */
function localVerdict(doc: Y.Doc, update: Uint8Array, mayWrite: boolean): Verdict {
  if (isRedundant(doc, parsed(update))) return 'redundant';
  if (!mayWrite) return 'refused';
  try {
    return applyClientUpdate(doc, update, 'client');
  } catch {
    return 'poison';
  }
}

/** Several writers editing concurrently; their updates delivered out of order and repeated. */
function concurrentHistory(seed: number): Uint8Array[] {
  const rng = createRandom(seed);
  const writers = [1, 2, 3].map((id) => docWithClient(id));
  const updates: Uint8Array[] = [];
  for (const w of writers) w.on('update', (u: Uint8Array) => updates.push(u));
  for (let step = 0; step < 300; step++) {
    const w = rng.pick(writers);
    const text = w.getText('content');
    const at = rng.int(0, text.length);
    if (rng.int(0, 3) === 0 && text.length > 0) text.delete(Math.min(at, text.length - 1), 1);
    else text.insert(at, rng.pick(['a', 'é', 'Article ', '\n']));
    // Now and then two writers sync, so later updates depend on each other's.
    if (rng.int(0, 9) === 0) {
      const other = rng.pick(writers);
      Y.applyUpdate(other, Y.encodeStateAsUpdate(w, Y.encodeStateVector(other)));
    }
  }
  const shuffled = updates.slice();
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return [...shuffled, ...updates.slice(0, 40), ...writers.map((w) => Y.encodeStateAsUpdate(w))];
}

describe('DocThread', () => {
  let thread: DocThread;
  afterEach(() => thread.stop());

  it('judges every update as the relay does on its own thread, in order, to the same document', async () => {
    thread = new DocThread();
    for (const seed of [1, 2, 3]) {
      const updates = concurrentHistory(seed);
      const local = new Y.Doc({ gc: true });
      const mayWrite = updates.map((_, i) => i % 5 !== 4);
      const expected = updates.map((u, i) => localVerdict(local, u, mayWrite[i]!));
      await thread.open('w/d', seed, null);
      const judged = await thread.judge(
        'w/d',
        seed,
        updates.map((u, i) => updateItem(u, parsed(u), mayWrite[i]!)),
      );
      expect(judged.verdicts).toEqual(expected);
      expect(expected).toContain('changed');
      expect(expected).toContain('redundant');
      expect(expected).toContain('refused');
      expect(judged.stateVector).toEqual(Y.encodeStateVector(local));
      const full = await thread.judge('w/d', seed, [step1Item(EMPTY_STATE_VECTOR)]);
      const step2 = full.verdicts[0] as { step2: Uint8Array };
      const rebuilt = new Y.Doc();
      Y.applyUpdate(rebuilt, step2.step2);
      expect(rebuilt.getText('content').toString()).toBe(local.getText('content').toString());
    }
  });

  it('answers a step 1 with what that state vector lacks, at its place in the order', async () => {
    thread = new DocThread();
    const author = docWithClient(7);
    author.getText('content').insert(0, 'Article 1er');
    const reader = new Y.Doc();
    Y.applyUpdate(reader, Y.encodeStateAsUpdate(author));
    await thread.open('w/d', 1, Y.encodeStateAsUpdate(author));
    const before = Y.encodeStateVector(author);
    const updates: Uint8Array[] = [];
    author.on('update', (u: Uint8Array) => updates.push(u));
    author.getText('content').insert(11, ' – Objet');
    const u = updates[0]!;
    const judged = await thread.judge('w/d', 1, [
      step1Item(Y.encodeStateVector(reader)),
      updateItem(u, parsed(u), true),
      step1Item(before),
    ]);
    const [first, verdict, second] = judged.verdicts as [
      { step2: Uint8Array },
      Verdict,
      { step2: Uint8Array },
    ];
    expect(verdict).toBe('changed');
    Y.applyUpdate(reader, first.step2);
    expect(reader.getText('content').toString()).toBe('Article 1er');
    Y.applyUpdate(reader, second.step2);
    expect(reader.getText('content').toString()).toBe('Article 1er – Objet');
  });

  it('after a poison update, skips everything until the room is opened again', async () => {
    thread = new DocThread();
    const { stored, poison } = poisonPair();
    const later = docWithClient(9);
    later.getText('content').insert(0, 'x');
    const fresh = Y.encodeStateAsUpdate(later);
    await thread.open('w/d', 1, stored);
    const judged = await thread.judge('w/d', 1, [
      updateItem(poison, parsed(poison), true),
      updateItem(fresh, parsed(fresh), true),
      step1Item(EMPTY_STATE_VECTOR),
    ]);
    expect(judged.verdicts).toEqual(['poison', 'skipped', 'skipped']);
    expect((await thread.peer('w/d', 1, [fresh])).verdicts).toEqual(['skipped']);
    await thread.open('w/d', 2, stored);
    expect((await thread.peer('w/d', 2, [fresh])).verdicts).toEqual(['changed']);
  });

  it('refuses requests for another opening, and forgets a closed room', async () => {
    thread = new DocThread();
    await thread.open('w/d', 1, null);
    await thread.open('w/d', 2, null);
    await expect(thread.judge('w/d', 1, [])).rejects.toThrow(/room not open/);
    thread.close('w/d', 1); // an older opening: the current one stays
    await expect(thread.judge('w/d', 2, [])).resolves.toMatchObject({ verdicts: [] });
    thread.close('w/d', 2);
    await expect(thread.judge('w/d', 2, [])).rejects.toThrow(/room not open/);
  });

  it('rejects a stored state Yjs cannot apply, and keeps serving other rooms', async () => {
    thread = new DocThread();
    await expect(thread.open('w/bad', 1, Uint8Array.of(1, 1, 1, 0, 8, 200))).rejects.toThrow();
    await expect(thread.open('w/good', 2, null)).resolves.toBeInstanceOf(Uint8Array);
  });
});
