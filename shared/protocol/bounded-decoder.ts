/**
 * A read cursor over untrusted bytes in which every read is checked against the bytes that are
 * left *before* anything is looped over or allocated.
 *
 * NOTE: lib0's decoder is not used here on purpose. It checks bounds lazily (a count of 2^40
 * items is accepted and only the loop body fails, after the caller allocated `new Array(count)`),
 * its `readVarUint` accepts arbitrarily long encodings, and its `readVarInt` reads past the end
 * without failing. Every method below fails with a `MalformedInput` instead.
 */

/** Largest clock, length or count the validator accepts: above it, JS numbers stop being exact. */
export const MAX_SAFE_VALUE = Number.MAX_SAFE_INTEGER;

/**
 * Longest varUint accepted, in bytes. 7 × 7 = 49 bits covers every real Yjs value (client ids are
 * 32-bit, clocks and lengths are far below 2^49) and keeps the sum of a clock and a length exact.
 */
export const MAX_VAR_UINT_BYTES = 7;

/**
 * Longest varInt accepted, in bytes (6 value bits in the first byte, 7 in each next one).
 * lib0 writes integers of at most 31 bits this way (5 bytes); 8 bytes allows 55 bits, which
 * the value check then caps at `MAX_SAFE_VALUE`.
 */
export const MAX_VAR_INT_BYTES = 8;

/**
 * Thrown by `BoundedDecoder` and the readers built on it when input is malformed. It never
 * escapes the public validators, which turn it into `{ ok: false, reason }`.
 */
export class MalformedInput extends Error {
  /** Short English reason, free of document content. */
  readonly reason: string;

  /** @param reason short English reason, free of document content */
  constructor(reason: string) {
    super(reason);
    this.name = 'MalformedInput';
    this.reason = reason;
  }
}

/** Throws a `MalformedInput` with `reason`; typed `never` so callers can use it in expressions. */
export function reject(reason: string): never {
  throw new MalformedInput(reason);
}

/** Cursor over a byte array; `what` arguments name the field being read, for the reason text. */
export class BoundedDecoder {
  private pos = 0;

  /** @param bytes the untrusted input; it is only read, never copied */
  constructor(private readonly bytes: Uint8Array) {}

  /** Bytes not yet read. */
  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Current read position (for callers that need to slice what they just read). */
  get position(): number {
    return this.pos;
  }

  /** The underlying bytes (read-only use: slicing a range the decoder already checked). */
  get source(): Uint8Array {
    return this.bytes;
  }

  /** Reads one byte. */
  readUint8(what: string): number {
    if (this.pos >= this.bytes.length) reject(`truncated ${what}`);
    return this.bytes[this.pos++] as number;
  }

  /** Reads an unsigned LEB128 integer of at most `MAX_VAR_UINT_BYTES` bytes. */
  readVarUint(what: string): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < MAX_VAR_UINT_BYTES; i++) {
      const byte = this.readUint8(what);
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
    return reject(`${what} is a varUint longer than ${MAX_VAR_UINT_BYTES} bytes`);
  }

  /**
   * Reads lib0's signed varInt: first byte = continuation bit, sign bit, 6 value bits; next
   * bytes = continuation bit, 7 value bits.
   */
  readVarInt(what: string): number {
    const first = this.readUint8(what);
    let value = first & 0x3f;
    let scale = 64;
    let byte = first;
    for (let i = 1; byte >= 0x80; i++) {
      if (i >= MAX_VAR_INT_BYTES)
        reject(`${what} is a varInt longer than ${MAX_VAR_INT_BYTES} bytes`);
      byte = this.readUint8(what);
      value += (byte & 0x7f) * scale;
      scale *= 128;
    }
    if (value > MAX_SAFE_VALUE) reject(`${what} is above the largest safe integer`);
    return (first & 0x40) === 0 ? value : -value;
  }

  /**
   * Reads a count of elements that each take at least `minBytesEach` bytes, and rejects it when
   * the rest of the input cannot hold that many, or when it exceeds `max`. This is the check
   * that keeps every loop over a count bounded by the input size.
   */
  readCount(what: string, minBytesEach: number, max = MAX_SAFE_VALUE): number {
    const count = this.readVarUint(what);
    if (count > max) reject(`${what} ${count} is above the limit ${max}`);
    if (count * minBytesEach > this.remaining)
      reject(`${what} ${count} exceeds the remaining bytes`);
    return count;
  }

  /** Reads a varUint byte length and checks that many bytes remain; returns the length. */
  readLength(what: string): number {
    const length = this.readVarUint(what);
    if (length > this.remaining) reject(`${what} length ${length} exceeds the remaining bytes`);
    return length;
  }

  /** Returns a view (no copy) of the next `length` bytes and moves past them. */
  readBytes(length: number, what: string): Uint8Array {
    if (length > this.remaining) reject(`truncated ${what}`);
    const view = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return view;
  }

  /** Moves past `length` bytes. */
  skip(length: number, what: string): void {
    if (length > this.remaining) reject(`truncated ${what}`);
    this.pos += length;
  }
}
