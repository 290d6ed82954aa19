import { describe, expect, it } from 'vitest';
import { createRandom } from '../testing/seeded-random.js';
import { decodeUtf8Strict, utf16LengthOfUtf8 } from './text-codec.js';

/** The decoder lib0 (and so Yjs) uses; the hand-written one must agree with it exactly. */
const reference = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function referenceDecode(bytes: Uint8Array): string | null {
  try {
    return reference.decode(bytes);
  } catch {
    return null;
  }
}

/** Describes how the two decoders disagree on `bytes`, or returns null when they agree. */
function disagreement(bytes: Uint8Array): string | null {
  const expected = referenceDecode(bytes);
  const length = expected === null ? -1 : expected.length;
  if (decodeUtf8Strict(bytes) === expected && utf16LengthOfUtf8(bytes) === length) return null;
  return `[${Array.from(bytes, (b) => b.toString(16)).join(' ')}]`;
}

/** Checks every input, collecting disagreements so one assertion reports them all. */
function expectAgreement(inputs: Iterable<Uint8Array>): void {
  const found: string[] = [];
  for (const bytes of inputs) {
    const problem = disagreement(bytes);
    if (problem !== null) found.push(problem);
  }
  expect(found).toEqual([]);
}

/** Byte values at and around every boundary of the UTF-8 tables. */
const EDGES = [
  0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef,
  0xf0, 0xf4, 0xf5, 0xff,
];

describe('strict UTF-8 decoding agrees with TextDecoder(fatal, ignoreBOM)', () => {
  it('on every one- and two-byte sequence', () => {
    function* inputs(): Generator<Uint8Array> {
      for (let a = 0; a < 256; a++) {
        yield new Uint8Array([a]);
        for (let b = 0; b < 256; b++) yield new Uint8Array([a, b]);
      }
    }
    expectAgreement(inputs());
  });

  it('on three- and four-byte sequences built from every lead byte and edge continuation', () => {
    function* inputs(): Generator<Uint8Array> {
      for (let lead = 0x80; lead < 256; lead++) {
        for (const b of EDGES) {
          for (const c of EDGES) {
            yield new Uint8Array([lead, b, c]);
            for (const d of [0x41, 0x80, 0xbf, 0xc0]) yield new Uint8Array([lead, b, c, d]);
          }
        }
      }
    }
    expectAgreement(inputs());
  });

  it('on 20,000 seeded random byte strings and valid text', () => {
    const rng = createRandom(8);
    function* inputs(): Generator<Uint8Array> {
      for (let i = 0; i < 10_000; i++) {
        yield rng.bytes(rng.int(0, 12));
        // Mostly-valid text: random code points, including astral ones and the BOM.
        const text = Array.from({ length: rng.int(0, 8) }, () =>
          String.fromCodePoint(
            rng.pick([rng.int(0, 0x7f), rng.int(0x80, 0xd7ff), 0xfeff, rng.int(0x10000, 0x10ffff)]),
          ),
        ).join('');
        yield new TextEncoder().encode(text);
      }
    }
    expectAgreement(inputs());
  });

  it('keeps a leading byte-order mark and counts surrogate pairs as two units', () => {
    const bytes = new TextEncoder().encode('\uFEFFa🙂');
    expect(decodeUtf8Strict(bytes)).toBe('\uFEFFa🙂');
    expect(utf16LengthOfUtf8(bytes)).toBe(4);
  });

  it('decodes long strings (chunked, no call-stack limit)', () => {
    const text = 'é🙂x'.repeat(100_000);
    expect(decodeUtf8Strict(new TextEncoder().encode(text))).toBe(text);
  });

  it('checks only the given range', () => {
    const bytes = new Uint8Array([0xff, 0x61, 0x62, 0xff]);
    expect(decodeUtf8Strict(bytes, 1, 3)).toBe('ab');
    expect(utf16LengthOfUtf8(bytes, 1, 3)).toBe(2);
    expect(utf16LengthOfUtf8(bytes)).toBe(-1);
  });
});
