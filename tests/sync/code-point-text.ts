/**
 * Splices a `Y.Text` at positions counted in Unicode code points (the editing traces' unit),
 * while Y.Text indexes UTF-16 code units.
 *
 * NOTE: converting by scanning `text.toString()` on every patch is quadratic (260,000 patches on
 * a 100,000-character document). Instead we keep the code-point positions of the astral
 * characters (the ones stored as surrogate pairs) in a sorted array: a code-point position `p`
 * is the UTF-16 offset `p + (astral characters before p)`. The array is usually empty, so a
 * splice costs a binary search. When the text changes by other means (remote updates merged in),
 * call `resync()`, which rescans once.
 */
import type * as Y from 'yjs';

/** Code-point positions of the astral characters of `s`, shifted by `offset`. */
function astralPositions(s: string, offset: number): number[] {
  const positions: number[] = [];
  let cp = offset;
  for (let i = 0; i < s.length; i++, cp++) {
    const unit = s.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        positions.push(cp);
        i++;
      }
    }
  }
  return positions;
}

/** Index of the first element of sorted `a` that is ≥ `x`. */
function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A Y.Text addressed in code points. */
export class CodePointText {
  private astral: number[] = [];
  private cpLength = 0;

  constructor(readonly text: Y.Text) {
    this.resync();
  }

  /** Rescans the text after changes made without `splice` (e.g. merged remote updates). */
  resync(): void {
    const s = this.text.toString();
    this.astral = astralPositions(s, 0);
    this.cpLength = s.length - this.astral.length;
  }

  /** Length in code points. */
  get length(): number {
    return this.cpLength;
  }

  /** The UTF-16 offset of code-point position `cp`. */
  toUtf16(cp: number): number {
    return cp + lowerBound(this.astral, cp);
  }

  /** `Array.prototype.splice` in code points; throws when the range is outside the text. */
  splice(position: number, deleteCount: number, insert: string): void {
    if (position < 0 || deleteCount < 0 || position + deleteCount > this.cpLength) {
      throw new Error(
        `patch [${position}, ${deleteCount}] outside a text of ${this.cpLength} code points`,
      );
    }
    const start = this.toUtf16(position);
    const end = this.toUtf16(position + deleteCount);
    if (end > start) this.text.delete(start, end - start);
    if (insert !== '') this.text.insert(start, insert);
    const inserted = astralPositions(insert, position);
    const insertedLength = insert.length - inserted.length;
    const from = lowerBound(this.astral, position);
    const to = lowerBound(this.astral, position + deleteCount);
    const shift = insertedLength - deleteCount;
    const after = this.astral.slice(to).map((p) => p + shift);
    this.astral = [...this.astral.slice(0, from), ...inserted, ...after];
    this.cpLength += shift;
  }
}
