/**
 * A tiny deterministic pseudo-random generator for tests: the same seed always gives the same
 * sequence, so a failing randomized test can be replayed exactly from the seed it prints.
 *
 * NOTE: this is sfc32 (Chris Doty-Humphrey's "small fast chaotic" generator, public domain),
 * chosen because it passes PractRand well beyond what tests need, has a 128-bit state and is a
 * handful of 32-bit operations. It is not cryptographic and must never be used for tokens or
 * client ids.
 */

/** A seeded source of random values. All methods advance the same underlying sequence. */
export interface SeededRandom {
  /** The seed this generator was created with (print it when a test fails). */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. `min` and `max` must be safe integers, min ≤ max. */
  int(min: number, max: number): number;
  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** `n` random bytes. */
  bytes(n: number): Uint8Array;
}

/** Creates a generator whose whole sequence is determined by `seed` (any number; low 32 bits used). */
export function createRandom(seed: number): SeededRandom {
  // The state words are derived from the seed with distinct constants so that seeds 0 and 1
  // do not start from nearly identical states; 15 warm-up rounds then mix them thoroughly.
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ Math.imul(seed, 0x85ebca6b);
  let c = 0xb7e15162 ^ Math.imul(seed, 0xc2b2ae35);
  let d = 1;

  const nextUint32 = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) nextUint32();

  const next = (): number => nextUint32() / 0x1_0000_0000;

  const int = (min: number, max: number): number => {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
      throw new RangeError(`int(${min}, ${max}): need safe integers with min <= max`);
    }
    // Two 32-bit draws give 53 random bits, enough for any safe-integer span without bias
    // worth caring about in tests.
    const high = nextUint32() >>> 11; // 21 bits
    const fraction = (high * 0x1_0000_0000 + nextUint32()) / 2 ** 53;
    // The clamp guards the one case where rounding in the product reaches the exclusive bound.
    return Math.min(max, min + Math.floor(fraction * (max - min + 1)));
  };

  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('pick() from an empty array');
    return items[int(0, items.length - 1)] as T;
  };

  const bytes = (n: number): Uint8Array => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = nextUint32() & 0xff;
    return out;
  };

  return { seed, next, int, pick, bytes };
}
