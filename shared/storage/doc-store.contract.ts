/**
 * The behaviour suite every `DocStore` implementation runs (STYLE rule 8): one `it` per checked
 * property, each name citing the rule of `doc-store.ts` it checks. Imported only by tests.
 *
 * The data are real Yjs updates (a Y.Doc whose Y.Text is edited, updates captured from its
 * 'update' events) plus byte-level edge cases, because a store that only ever saw `[1, 2, 3]`
 * can still mangle the zero bytes and lengths real updates contain.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppendEntry, DocStore } from './doc-store.js';
import {
  bytes,
  expectBytes,
  mergeState,
  range,
  rebuildText,
  seqsOf,
  sorted,
  typingSession,
} from './doc-store-data.contract.js';

/** How the suite obtains stores of the implementation under test. */
export interface DocStoreFactory {
  /** Opens an empty store at a fresh location (a new file, schema, …). */
  open(): Promise<DocStore>;
  /** Opens another store on the location of the latest `open` (DS9); omitted when there is none. */
  reopen?(): Promise<DocStore>;
  /** Removes what the factory created; called after each test, once its stores are closed. */
  cleanup?(): Promise<void>;
}

/** Registers the contract suite for one implementation; call it from that store's test file. */
export function registerDocStoreContract(name: string, factory: DocStoreFactory): void {
  describe(`DocStore contract: ${name}`, () => {
    let opened: DocStore[] = [];
    let store: DocStore;

    const track = (s: DocStore): DocStore => (opened.push(s), s);

    beforeEach(async () => {
      store = track(await factory.open());
    });

    afterEach(async () => {
      for (const s of opened) await s.close();
      opened = [];
      await factory.cleanup?.();
    });

    it('[DS1] a room never written loads as empty: no snapshot, no updates, lastSeq 0', async () => {
      await store.append([{ room: 'other', data: bytes(1) }]);
      expect(await store.load('never-written')).toEqual({
        snapshot: null,
        snapshotSeq: 0,
        updates: [],
        lastSeq: 0,
      });
    });

    it('[DS2] an empty batch resolves to [] and writes nothing', async () => {
      expect(await store.append([])).toEqual([]);
      expect(await store.listRooms()).toEqual([]);
    });

    it('[DS2] a batch with one invalid entry rejects and stores none of its entries', async () => {
      const invalid: unknown[] = [
        { room: '', data: bytes(1) },
        { room: 'nul\u0000byte', data: bytes(1) },
        { room: 'lone\uD800surrogate', data: bytes(1) },
        { room: 'x'.repeat(513), data: bytes(1) },
        { room: 42, data: bytes(1) },
        { room: 'ok', data: [1, 2, 3] },
        { room: 'ok', data: 'text' },
        null,
      ];
      for (const bad of invalid) {
        const batch = [
          { room: 'a', data: bytes(1) },
          { room: 'b', data: bytes(2) },
          bad,
        ] as AppendEntry[];
        await expect(store.append(batch), JSON.stringify(bad)).rejects.toThrow(TypeError);
      }
      expect(await store.listRooms()).toEqual([]);
      expect((await store.load('a')).lastSeq).toBe(0);
    });

    it('[DS3] updates come back in append order, byte for byte', async () => {
      const session = typingSession(
        'le comité adopte le compte rendu de la séance du 3 mai'.split(' '),
      );
      for (const update of session.updates) await store.append([{ room: 'minutes', data: update }]);
      const room = await store.load('minutes');
      expect(room.updates).toHaveLength(session.updates.length);
      room.updates.forEach((u, i) => expectBytes(u.data, session.updates[i]!, `update ${i}`));
      expect(rebuildText(room)).toBe(session.text);
    });

    it('[DS3] a batch of real Yjs updates is stored in batch order', async () => {
      const session = typingSession(['ordre', 'du', 'jour', ':', 'budget', '2025']);
      await store.append(session.updates.map((data) => ({ room: 'agenda', data })));
      const room = await store.load('agenda');
      room.updates.forEach((u, i) => expectBytes(u.data, session.updates[i]!, `update ${i}`));
      expect(rebuildText(room)).toBe(session.text);
    });

    it('[DS3] any bytes are kept as given: empty, 1 byte, zeros, every byte value, 1 MiB', async () => {
      const big = new Uint8Array(1024 * 1024).map((_, i) => (i * 7919) % 251);
      const cases = [
        new Uint8Array(0),
        bytes(0),
        bytes(255),
        new Uint8Array(64),
        Uint8Array.from(range(0, 255)),
        big,
      ];
      const seqs = await store.append(cases.map((data) => ({ room: 'bytes', data })));
      expect(seqs).toEqual(range(1, cases.length));
      const room = await store.load('bytes');
      room.updates.forEach((u, i) => expectBytes(u.data, cases[i]!, `case ${i}`));
    });

    it('[DS3] the store keeps copies: mutating appended, loaded or snapshot arrays changes nothing', async () => {
      const backing = Uint8Array.from(range(0, 99));
      const view = backing.subarray(10, 20); // only the view's bytes may be stored
      const data = bytes(1, 2, 3);
      await store.append([
        { room: 'r', data },
        { room: 'r', data: view },
      ]);
      data.fill(9);
      backing.fill(9);
      const first = await store.load('r');
      expectBytes(first.updates[0]?.data, bytes(1, 2, 3));
      expectBytes(first.updates[1]?.data, Uint8Array.from(range(10, 19)));
      first.updates[0]!.data.fill(7);
      expectBytes((await store.load('r')).updates[0]?.data, bytes(1, 2, 3));
      const snapshot = bytes(4, 5, 6);
      await store.compact('r', 1, snapshot);
      snapshot.fill(0);
      const loaded = await store.load('r');
      expectBytes(loaded.snapshot, bytes(4, 5, 6), 'snapshot');
      loaded.snapshot!.fill(0);
      expectBytes((await store.load('r')).snapshot, bytes(4, 5, 6), 'snapshot');
    });

    it('[DS4] seqs start at 1 and grow by exactly one per entry, returned in entry order', async () => {
      expect(await store.append([{ room: 'r', data: bytes(1) }])).toEqual([1]);
      expect(await store.append([{ room: 'r', data: bytes(2) }])).toEqual([2]);
      expect(await store.append([1, 2, 3].map((b) => ({ room: 'r', data: bytes(b + 2) })))).toEqual(
        [3, 4, 5],
      );
      const room = await store.load('r');
      expect(seqsOf(room)).toEqual([1, 2, 3, 4, 5]);
      room.updates.forEach((u) => expectBytes(u.data, bytes(u.seq), `seq ${u.seq}`));
      expect(room.lastSeq).toBe(5);
    });

    it('[DS4] concurrent appends to one room get distinct consecutive seqs', async () => {
      const batches = range(1, 25).map((i) => [bytes(i, 0), bytes(i, 1)]);
      const results = await Promise.all(
        batches.map((b) => store.append(b.map((data) => ({ room: 'busy', data })))),
      );
      for (const seqs of results) expect(seqs[1]).toBe(seqs[0]! + 1);
      expect(results.flat().sort((a, b) => a - b)).toEqual(range(1, 50));
      const room = await store.load('busy');
      const bySeq = new Map(room.updates.map((u) => [u.seq, u.data]));
      results.forEach((seqs, i) =>
        seqs.forEach((seq, j) => expectBytes(bySeq.get(seq), batches[i]![j]!, `seq ${seq}`)),
      );
    });

    it('[DS4] seqs keep increasing after a compaction and a rejected batch consumes none', async () => {
      await store.append(range(1, 5).map((b) => ({ room: 'r', data: bytes(b) })));
      expect(await store.compact('r', 5, bytes(0))).toBe(true);
      await expect(
        store.append([
          { room: 'r', data: bytes(6) },
          { room: '', data: bytes(0) },
        ]),
      ).rejects.toThrow();
      expect(
        await store.append([
          { room: 'r', data: bytes(6) },
          { room: 'r', data: bytes(7) },
        ]),
      ).toEqual([6, 7]);
      const room = await store.load('r');
      expect(seqsOf(room)).toEqual([6, 7]);
      expect(room.lastSeq).toBe(7);
    });

    it('[DS5] compact folds the log prefix into the snapshot; later entries survive', async () => {
      const session = typingSession(['la', 'séance', 'est', 'ouverte', 'à', '18', 'h', '30']);
      const seqs = await store.append(session.updates.map((data) => ({ room: 'doc', data })));
      const upTo = seqs[5]!;
      const snapshot = mergeState(null, session.updates.slice(0, 6));
      expect(await store.compact('doc', upTo, snapshot)).toBe(true);
      const room = await store.load('doc');
      expectBytes(room.snapshot, snapshot, 'snapshot');
      expect(room.snapshotSeq).toBe(upTo);
      expect(seqsOf(room)).toEqual(seqs.slice(6));
      expect(room.lastSeq).toBe(seqs.at(-1));
      expect(rebuildText(room)).toBe(session.text);
    });

    it('[DS5] compacting the whole log leaves no updates and keeps lastSeq', async () => {
      const session = typingSession(['un', 'deux', 'trois']);
      await store.append(session.updates.map((data) => ({ room: 'doc', data })));
      const { lastSeq } = await store.load('doc');
      expect(await store.compact('doc', lastSeq, mergeState(null, session.updates))).toBe(true);
      const room = await store.load('doc');
      expect(room.updates).toEqual([]);
      expect(room).toMatchObject({ snapshotSeq: lastSeq, lastSeq });
      expect(rebuildText(room)).toBe(session.text);
    });

    it('[DS5] a second compaction with the same upToSeq is refused and keeps the first snapshot', async () => {
      await store.append(range(1, 4).map((b) => ({ room: 'r', data: bytes(b) })));
      expect(await store.compact('r', 3, bytes(0xa))).toBe(true);
      expect(await store.compact('r', 3, bytes(0xb))).toBe(false);
      const room = await store.load('r');
      expectBytes(room.snapshot, bytes(0xa), 'snapshot');
      expect(seqsOf(room)).toEqual([4]);
    });

    it('[DS5] a compaction at or below the current compaction point is refused', async () => {
      await store.append(range(1, 6).map((b) => ({ room: 'r', data: bytes(b) })));
      expect(await store.compact('r', 0, bytes(0xf))).toBe(false);
      expect(await store.compact('r', 4, bytes(0xa))).toBe(true);
      expect(await store.compact('r', 2, bytes(0xb))).toBe(false);
      expect(await store.compact('r', 0, bytes(0xb))).toBe(false);
      const room = await store.load('r');
      expectBytes(room.snapshot, bytes(0xa), 'snapshot');
      expect(room.snapshotSeq).toBe(4);
      expect(seqsOf(room)).toEqual([5, 6]);
    });

    it('[DS5] of two racing compactions with the same upToSeq exactly one wins', async () => {
      await store.append(range(1, 5).map((b) => ({ room: 'r', data: bytes(b) })));
      const outcomes = await Promise.all([
        store.compact('r', 5, bytes(0xa)),
        store.compact('r', 5, bytes(0xb)),
      ]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const room = await store.load('r');
      expectBytes(room.snapshot, outcomes[0] ? bytes(0xa) : bytes(0xb), 'snapshot');
      expect(room.updates).toEqual([]);
    });

    it('[DS5] a compaction racing appends loses no appended entry', async () => {
      await store.append(range(1, 10).map((b) => ({ room: 'r', data: bytes(b) })));
      const appends = range(11, 30).map((b) => store.append([{ room: 'r', data: bytes(b) }]));
      const [compacted, ...seqs] = await Promise.all([
        store.compact('r', 10, bytes(0)),
        ...appends,
      ]);
      expect(compacted).toBe(true);
      const room = await store.load('r');
      expect(seqsOf(room)).toEqual(range(11, 30));
      expect(seqs.flat().sort((a, b) => a - b)).toEqual(range(11, 30));
    });

    it('[DS5] a compaction above lastSeq rejects with a RangeError and changes nothing', async () => {
      await store.append([
        { room: 'r', data: bytes(1) },
        { room: 'r', data: bytes(2) },
      ]);
      await expect(store.compact('r', 3, bytes(0))).rejects.toThrow(RangeError);
      await expect(store.compact('never-written', 1, bytes(0))).rejects.toThrow(/lastSeq/);
      expect(await store.compact('never-written', 0, bytes(0))).toBe(false);
      const room = await store.load('r');
      expect(room).toMatchObject({ snapshot: null, snapshotSeq: 0, lastSeq: 2 });
      expect(seqsOf(room)).toEqual([1, 2]);
      expect(await store.listRooms()).toEqual(['r']);
    });

    it('[DS5] malformed compaction arguments reject before touching the room', async () => {
      await store.append([
        { room: 'r', data: bytes(1) },
        { room: 'r', data: bytes(2) },
      ]);
      for (const upTo of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(store.compact('r', upTo, bytes(0)), String(upTo)).rejects.toThrow(RangeError);
      }
      await expect(store.compact('', 1, bytes(0))).rejects.toThrow(TypeError);
      await expect(store.compact('r', 1, [0] as unknown as Uint8Array)).rejects.toThrow(TypeError);
      expect(seqsOf(await store.load('r'))).toEqual([1, 2]);
    });

    it('[DS6] rooms with odd but valid names are independent, within one batch too', async () => {
      const names = [
        'ws-1/doc_2/_review',
        'ws-1/doc_2',
        'WS-1/doc_2',
        'comité/ordre du jour ✓',
        `quote'"%_\\*?`,
        '😀/emoji',
        ' leading and trailing space ',
        'x'.repeat(512),
      ];
      const batch = names.flatMap((room, i) => [
        { room, data: bytes(i, 0) },
        { room, data: bytes(i, 1) },
      ]);
      expect(await store.append(batch)).toEqual(names.flatMap(() => [1, 2]));
      expect(await store.compact(names[0]!, 2, bytes(0xee))).toBe(true);
      await store.append([{ room: names[1]!, data: bytes(1, 2) }]);
      for (const [i, room] of names.entries()) {
        const loaded = await store.load(room);
        const expected =
          i === 1
            ? [bytes(i, 0), bytes(i, 1), bytes(i, 2)]
            : i === 0
              ? []
              : [bytes(i, 0), bytes(i, 1)];
        expect(loaded.snapshot === null, room).toBe(i !== 0);
        expect(loaded.updates.length, room).toBe(expected.length);
        loaded.updates.forEach((u, j) => expectBytes(u.data, expected[j]!, `${room} #${j}`));
      }
      expect(sorted(await store.listRooms())).toEqual(sorted(names));
    });

    it('[DS7] listRooms lists every written room once, compacted or not, and no merely loaded room', async () => {
      expect(await store.listRooms()).toEqual([]);
      await store.append([
        { room: 'b', data: bytes(1) },
        { room: 'a', data: bytes(1) },
        { room: 'b', data: bytes(2) },
      ]);
      await store.append([{ room: 'c', data: new Uint8Array(0) }]);
      await store.compact('a', 1, bytes(0));
      await store.load('only-loaded');
      expect(sorted(await store.listRooms())).toEqual(['a', 'b', 'c']);
    });

    it('[DS8] after close every call rejects with an error saying the store is closed', async () => {
      await store.append([{ room: 'r', data: bytes(1) }]);
      await store.close();
      const calls: Array<[string, () => Promise<unknown>]> = [
        ['load', () => store.load('r')],
        ['append', () => store.append([{ room: 'r', data: bytes(2) }])],
        ['compact', () => store.compact('r', 1, bytes(0))],
        ['listRooms', () => store.listRooms()],
      ];
      for (const [method, call] of calls) {
        const error = await call().then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, method).toBeInstanceOf(Error);
        expect((error as Error).message, method).toMatch(/closed/i);
      }
      await expect(store.close()).resolves.toBeUndefined();
    });

    it.skipIf(!factory.reopen)(
      '[DS9] a reopened store sees every appended entry and continues the seqs',
      async () => {
        const session = typingSession(['procès-verbal', 'approuvé', 'à', "l'unanimité"]);
        await store.append(session.updates.map((data) => ({ room: 'pv', data })));
        await store.compact('pv', 2, mergeState(null, session.updates.slice(0, 2)));
        await store.append([{ room: 'other', data: bytes(42) }]);
        const before = await store.load('pv');
        await store.close();
        const reopened = track(await factory.reopen!());
        const after = await reopened.load('pv');
        expect(after).toEqual(before);
        expect(rebuildText(after)).toBe(session.text);
        expect(sorted(await reopened.listRooms())).toEqual(['other', 'pv']);
        expect(await reopened.append([{ room: 'pv', data: bytes(1) }])).toEqual([
          before.lastSeq + 1,
        ]);
      },
    );
  });
}
