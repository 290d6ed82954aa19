import { describe, expect, it } from 'vitest';
import { createRandom } from './seeded-random.js';

describe('createRandom', () => {
  it('gives the same sequence for the same seed, and another for another seed', () => {
    const draw = (seed: number): number[] => {
      const rng = createRandom(seed);
      return [rng.next(), rng.int(0, 1000), rng.pick(['a', 'b', 'c']), ...rng.bytes(4)] as number[];
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(0)).not.toEqual(draw(1));
  });

  it('keeps every value in range and reaches both ends of small ranges', () => {
    const rng = createRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const f = rng.next();
      expect(f >= 0 && f < 1).toBe(true);
      const n = rng.int(-3, 3);
      expect(Number.isInteger(n) && n >= -3 && n <= 3).toBe(true);
      seen.add(n);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(rng.int(5, 5)).toBe(5);
    expect(rng.int(0, Number.MAX_SAFE_INTEGER)).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
  });

  it('is roughly uniform', () => {
    const rng = createRandom(99);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[rng.int(0, 9)]! += 1;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('returns bytes of the requested length and refuses impossible requests', () => {
    const rng = createRandom(1);
    expect(rng.bytes(0)).toEqual(new Uint8Array(0));
    expect(rng.bytes(17)).toHaveLength(17);
    expect(() => rng.int(2, 1)).toThrow(RangeError);
    expect(() => rng.pick([])).toThrow(RangeError);
  });
});
