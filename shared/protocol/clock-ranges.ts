/**
 * Lookup in clock ranges kept as two parallel arrays (`starts`, `ends`), sorted and disjoint.
 * Parallel number arrays rather than objects keep the validator's bookkeeping small.
 */

/**
 * Index of the range `[starts[i], ends[i])` that contains `clock`, or -1. The ranges must be
 * sorted by start and must not overlap.
 */
export function rangeContaining(
  starts: readonly number[],
  ends: readonly number[],
  clock: number,
): number {
  let low = 0;
  let high = starts.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if ((starts[mid] as number) > clock) high = mid - 1;
    else if ((ends[mid] as number) <= clock) low = mid + 1;
    else return mid;
  }
  return -1;
}
