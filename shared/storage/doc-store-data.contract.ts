/**
 * Data and assertions used by the `DocStore` contract suite (`doc-store.contract.ts`): real Yjs
 * editing sessions, a reference merge, and byte-exact comparison. Imported only by tests.
 */
import { expect } from 'vitest';
import * as Y from 'yjs';
import type { StoredRoom } from './doc-store.js';

/** A Yjs editing session: the updates it emitted and the text they produce. */
export interface Session {
  readonly updates: Uint8Array[];
  readonly text: string;
}

/** Types `words` into a fresh Y.Doc, one transaction (one update) per word, then edits a bit. */
export function typingSession(words: readonly string[]): Session {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('body');
  for (const word of words) text.insert(text.length, `${word} `);
  // Deletions and formatting produce delete sets and attribute items, not just inserts.
  if (text.length > 4) text.delete(0, 2);
  text.format(0, Math.min(3, text.length), { bold: true });
  const result = { updates, text: text.toString() };
  doc.destroy();
  return result;
}

/** What a compactor would store: every update merged into one state update. */
export function mergeState(
  snapshot: Uint8Array | null,
  updates: readonly Uint8Array[],
): Uint8Array {
  const doc = new Y.Doc();
  if (snapshot) Y.applyUpdate(doc, snapshot);
  for (const update of updates) Y.applyUpdate(doc, update);
  const merged = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return merged;
}

/** The text of a room rebuilt the way a client would: snapshot first, then the log. */
export function rebuildText(room: StoredRoom): string {
  const doc = new Y.Doc();
  if (room.snapshot) Y.applyUpdate(doc, room.snapshot);
  for (const { data } of room.updates) Y.applyUpdate(doc, data);
  const text = doc.getText('body').toString();
  doc.destroy();
  return text;
}

/** Asserts `actual` is a plain Uint8Array holding exactly `expected` (DS3). */
export function expectBytes(
  actual: Uint8Array | null | undefined,
  expected: Uint8Array,
  what = 'bytes',
): void {
  expect(actual, `${what}: missing`).toBeInstanceOf(Uint8Array);
  if (!actual) return;
  expect(Object.getPrototypeOf(actual), `${what}: must be a plain Uint8Array`).toBe(
    Uint8Array.prototype,
  );
  expect(actual.byteLength, `${what}: length`).toBe(expected.byteLength);
  const firstDiff = actual.findIndex((byte, i) => byte !== expected[i]);
  expect(firstDiff, `${what}: first differing byte`).toBe(-1);
}

export function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

export const seqsOf = (room: StoredRoom): number[] => room.updates.map((update) => update.seq);
export const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
export const sorted = (names: readonly string[]): string[] => [...names].sort();
