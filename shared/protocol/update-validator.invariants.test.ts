/**
 * Updates that are well-formed byte for byte but that Yjs 13.6.33 mishandles, each kept as a
 * named regression case: the validator must refuse it, and the second expectation records what
 * Yjs does with it (so a Yjs upgrade that changes the behaviour shows up here). Most were found
 * by the fuzz tests in update-validator.fuzz.test.ts. The last block documents what a stateless
 * validator cannot see.
 */
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { documentView } from '../testing/yjs-doc-view.js';
import { validateUpdate } from './update-validator.js';

const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));
const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));

/** Applies `update` to a fresh doc, re-encodes, applies that to another fresh doc: same doc? */
function yjsRoundTrip(update: Uint8Array): { sameState: boolean; sameDocument: boolean } {
  const first = new Y.Doc();
  Y.applyUpdate(first, update);
  const state = Y.encodeStateAsUpdate(first);
  const second = new Y.Doc();
  Y.applyUpdate(second, state);
  return {
    sameState: Buffer.compare(state, Y.encodeStateAsUpdate(second)) === 0,
    sameDocument: documentView(first) === documentView(second),
  };
}

function expectRejected(update: Uint8Array, reason: RegExp): void {
  const check = validateUpdate(update);
  expect(check.ok).toBe(false);
  if (!check.ok) expect(check.reason).toMatch(reason);
}

/** The xml fixture's state with one right origin byte mutated (`c6 0e <origin> 0e 10`). */
const MUTATED_XML = (originClock: string): Uint8Array =>
  fromHex(
    '010e0e0001010b70726f73656d6972726f7201870e000309706172616772617068870e01050b637573746f6d2d68' +
      '6f6f6b000707000e010606000e0a067374726f6e67027b7d840e0b04426f6479840e0f052074657874860e1406' +
      `7374726f6e67046e756c6cc60e${originClock}0e10067374726f6e67046e756c6cc50e160e10157b226d656e74` +
      '696f6e223a22736f6d656f6e65227dc60e170e10067374726f6e67027b7d28000e02046461746101760101787d01' +
      '28000e0105616c69676e0177046c656674010e0200010307',
  );

describe('fuzz-found updates Yjs applies inconsistently are refused', () => {
  it('origin and right origin naming the same unit (mutated xml update)', () => {
    const update = MUTATED_XML('10');
    expectRejected(update, /^origin and right origin are the same id$/);
    expect(yjsRoundTrip(update)).toEqual({ sameState: false, sameDocument: false });
  });

  it('a right origin left of the origin inside one struct (mutated xml update)', () => {
    // Origin (14,17) and right origin (14,16) both lie in the struct " text" (14,16..20).
    const update = MUTATED_XML('11');
    expectRejected(update, /^right origin is left of origin within one run of structs$/);
    expect(yjsRoundTrip(update)).toEqual({ sameState: false, sameDocument: false });
  });

  it('a right origin left of the origin across a run of structs ("ab" then "cd")', () => {
    // Client 1: "ab", then "cd" continuing it; client 2: "X" with origin 'd', right origin 'b'.
    // Yjs puts X after "d"; re-encoded as the single struct "abcd", after "a".
    const update = fromHex('02010200c40103010101580201000401047465787402616284010102636400');
    expectRejected(update, /^right origin is left of origin within one run of structs$/);
    const first = new Y.Doc();
    Y.applyUpdate(first, update);
    const second = new Y.Doc();
    Y.applyUpdate(second, Y.encodeStateAsUpdate(first));
    expect([first.getText('text').toString(), second.getText('text').toString()]).toEqual([
      'abcdX',
      'aXbcd',
    ]);
  });

  it('a live map entry of several units whose key comes from its origin (generated)', () => {
    // "yz" (1,3..4) takes key "l" from its origin (1,1); "yz" (1,6) is then inserted into it.
    const update = fromHex(
      '01060100000127010162016c040001a4010102797a8401010178a4010302797a0102010202',
    );
    expectRejected(update, /^map entry of several units is not deleted$/);
    expect(yjsRoundTrip(update)).toEqual({ sameState: false, sameDocument: false });
  });

  it('a live map entry of several units split by a partial delete', () => {
    const e = encoding.createEncoder();
    for (const n of [1, 1, 1, 0]) encoding.writeVarUint(e, n); // one block, client 1, clock 0
    encoding.writeUint8(e, 4 | 0x20); // string content, key follows
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, 'm'); // root map "m"
    encoding.writeVarString(e, 'k'); // key "k"
    encoding.writeVarString(e, 'abc');
    for (const n of [1, 1, 1, 1, 1]) encoding.writeVarUint(e, n); // delete (1, 1..2)
    const update = encoding.toUint8Array(e);
    expectRejected(update, /^map entry of several units is not deleted$/);
    expect(yjsRoundTrip(update)).toEqual({ sameState: false, sameDocument: false });
  });

  it.each([
    ['out of order', [0, 1, 5, 2, 6, 3, 2, 1], [6, 3, 130, 1]],
    ['overlapping', [0, 1, 5, 2, 2, 3, 3, 1], [2, 3, 131, 1]],
    ['with a client listed twice', [0, 2, 5, 1, 6, 3, 5, 1, 2, 1], [6, 3, 130, 1]],
  ])('delete ranges %s, which Yjs re-encodes into garbage clocks', (_name, raw, yjsRanges) => {
    const update = new Uint8Array(raw);
    expectRejected(update, /delete ranges out of order or overlapping|client appears twice/);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update); // nothing of client 5 is known: the ranges stay pending
    const ranges = Y.decodeUpdate(Y.encodeStateAsUpdate(doc)).ds.clients.get(5) ?? [];
    expect(ranges.flatMap((r) => [r.clock, r.len])).toEqual(yjsRanges);
  });

  it('zero-length structs and deletes, references to later clocks, repeated client blocks', () => {
    expectRejected(new Uint8Array([0, 1, 7, 1, 3, 0]), /delete length is zero/);
    // Origin (7,0) on the item at (7,0) itself: Yjs would look it up and throw.
    expectRejected(
      new Uint8Array([1, 1, 7, 0, 0x84, 7, 0, 1, 0x61, 0]),
      /origin is not an earlier/,
    );
    expectRejected(
      new Uint8Array([1, 1, 7, 3, 4, 0, 7, 5, 1, 0x61, 0]),
      /parent is not an earlier/,
    );
    expect(validateUpdate(new Uint8Array([1, 1, 7, 0, 0x84, 8, 9, 1, 0x61, 0])).ok).toBe(true);
    const gc = [0, 1];
    const twice = [2, 1, 7, 0, ...gc, 1, 7, 1, ...gc, 0];
    expectRejected(new Uint8Array(twice), /client appears twice in the struct section/);
    expectRejected(new Uint8Array([1, 0, 7, 0, 0, 0, 0]), /client block without structs/);
  });
});

describe('what only the document can tell (the relay must still expect Yjs to misbehave)', () => {
  it('a contradiction with structs of an earlier update passes, and replicas diverge', () => {
    // Client 1 types "abcd" (one struct); client 2 sends "X" with origin 'd' (1,3) and right
    // origin 'b' (1,1). Each update alone is consistent.
    const text = new Uint8Array([1, 1, 1, 0, 4, 1, 4, ...ascii('text'), 4, ...ascii('abcd'), 0]);
    const x = new Uint8Array([1, 1, 2, 0, 0xc4, 1, 3, 1, 1, 1, ...ascii('X'), 0]);
    expect(validateUpdate(text).ok).toBe(true);
    expect(validateUpdate(x).ok).toBe(true);
    const relay = new Y.Doc();
    Y.applyUpdate(relay, text);
    Y.applyUpdate(relay, x);
    const state = Y.encodeStateAsUpdate(relay);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, state);
    expect([relay.getText('text').toString(), peer.getText('text').toString()]).toEqual([
      'aXbcd',
      'abcdX',
    ]);
    // …and the relay's own re-encoding is refused, since it now shows the contradiction.
    expect(validateUpdate(state)).toMatchObject({ ok: false });
  });

  it('two updates claiming the same ids with different structs make Yjs throw', () => {
    const gcRange = new Uint8Array([1, 1, 1, 0, 0, 3, 0]); // client 1, clock 0..2: GC
    const e = encoding.createEncoder();
    for (const n of [1, 1, 1, 0]) encoding.writeVarUint(e, n);
    encoding.writeUint8(e, 4);
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, 'a');
    encoding.writeVarString(e, 'abcde'); // client 1, clock 0..4: text
    encoding.writeVarUint(e, 0);
    const text = encoding.toUint8Array(e);
    expect(validateUpdate(gcRange).ok).toBe(true);
    expect(validateUpdate(text).ok).toBe(true);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, gcRange);
    expect(() => Y.applyUpdate(doc, text)).toThrow(TypeError);
  });
});
