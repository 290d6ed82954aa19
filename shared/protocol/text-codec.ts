/**
 * Strict UTF-8 checking and decoding, by hand.
 *
 * NOTE: why not `TextDecoder`? It exists at run time everywhere Entente runs, but `shared/` is
 * compiled with `lib: ["ES2022"]`, which has no typings for it, and declaring it ourselves as a
 * global would clash with `lib.dom.d.ts` in projects that include both. More importantly the
 * validator needs the *UTF-16 length* of each string without building it (Yjs measures text
 * items in UTF-16 code units), which `TextDecoder` cannot give without allocating the string.
 * The rules below are exactly the WHATWG "UTF-8 decode without BOM or fail" rules that lib0
 * uses (`new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })`); the tests compare the two
 * on exhaustive and random inputs.
 */

/**
 * Returns the length in UTF-16 code units of the string that `bytes[start, end)` encode, or -1
 * when they are not well-formed UTF-8 (overlong forms, surrogates, code points above U+10FFFF,
 * stray or missing continuation bytes). A leading byte-order mark is kept and counted, as lib0
 * keeps it.
 */
export function utf16LengthOfUtf8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let units = 0;
  let i = start;
  while (i < end) {
    const size = sequenceSize(bytes, i, end);
    if (size === 0) return -1;
    units += size === 4 ? 2 : 1;
    i += size;
  }
  return units;
}

/** Decodes well-formed UTF-8 to a string, or returns null when the bytes are not well-formed. */
export function decodeUtf8Strict(bytes: Uint8Array, start = 0, end = bytes.length): string | null {
  if (utf16LengthOfUtf8(bytes, start, end) < 0) return null;
  // Code units are gathered in bounded chunks because String.fromCharCode(...units) with a
  // very long argument list would overflow the call stack.
  const chunks: string[] = [];
  const units: number[] = [];
  let i = start;
  while (i < end) {
    const size = sequenceSize(bytes, i, end);
    const codePoint = codePointAt(bytes, i, size);
    if (codePoint > 0xffff) {
      const offset = codePoint - 0x10000;
      units.push(0xd800 + (offset >> 10), 0xdc00 + (offset & 0x3ff));
    } else {
      units.push(codePoint);
    }
    i += size;
    if (units.length >= 4096) {
      chunks.push(String.fromCharCode(...units));
      units.length = 0;
    }
  }
  chunks.push(String.fromCharCode(...units));
  return chunks.join('');
}

/**
 * Size (1–4) of the well-formed sequence starting at `i`, or 0 when it is ill-formed.
 * The continuation-byte ranges follow Unicode table 3-7, which is what rules out overlong
 * encodings (C0, C1, E0 80–9F, F0 80–8F), surrogates (ED A0–BF) and values past U+10FFFF
 * (F4 90–BF, F5–FF).
 */
function sequenceSize(bytes: Uint8Array, i: number, end: number): number {
  const lead = bytes[i] as number;
  if (lead < 0x80) return 1;
  let size: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    size = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    size = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    size = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (i + size > end) return 0;
  const second = bytes[i + 1] as number;
  if (second < low || second > high) return 0;
  for (let k = 2; k < size; k++) {
    const next = bytes[i + k] as number;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return size;
}

/** The code point of a sequence already checked by `sequenceSize`. */
function codePointAt(bytes: Uint8Array, i: number, size: number): number {
  const lead = bytes[i] as number;
  if (size === 1) return lead;
  let codePoint = lead & (0xff >> (size + 1));
  for (let k = 1; k < size; k++) codePoint = (codePoint << 6) | ((bytes[i + k] as number) & 0x3f);
  return codePoint;
}
