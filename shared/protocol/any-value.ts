/**
 * Checks of the two free-form value encodings an update can carry: lib0 "Any" values (map and
 * array entries, attributes) and JSON text (embeds, formatting attributes, legacy JSON content).
 * Both are checked without building the values and with a nesting limit.
 *
 * NOTE: the nesting limit matters twice. lib0's `readAny` is recursive, so a few kilobytes of
 * nested arrays overflow the stack inside `Y.applyUpdate`; and even where decoding is iterative
 * (V8's `JSON.parse`), re-encoding with `JSON.stringify`/`writeAny` is recursive, so a deep
 * value accepted today would crash the relay the next time it serialises the document.
 */
import { type BoundedDecoder, reject } from './bounded-decoder.js';
import { decodeUtf8Strict, utf16LengthOfUtf8 } from './text-codec.js';

/** lib0 Any type tags (the first byte of every Any value). */
const AnyTag = {
  Undefined: 127,
  Null: 126,
  Integer: 125,
  Float32: 124,
  Float64: 123,
  BigInt64: 122,
  False: 121,
  True: 120,
  String: 119,
  Object: 118,
  Array: 117,
  Bytes: 116,
} as const;

/** UTF-8 of `__proto__`, compared byte for byte with object keys (see `readObjectKey`). */
const PROTO_KEY = [0x5f, 0x5f, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x5f, 0x5f];

/** A container whose elements are still being read. */
interface OpenContainer {
  /** Elements (array items or object entries) not read yet. */
  left: number;
  /** Object entries start with a key. */
  readonly isObject: boolean;
}

/**
 * Reads a varUint-prefixed string, checks it is well-formed UTF-8 and returns its length in
 * UTF-16 code units (the unit Yjs measures text in). Returns the byte range too, for callers
 * that must look at the content.
 */
export function readUtf8(
  decoder: BoundedDecoder,
  what: string,
): { start: number; end: number; utf16Length: number } {
  const byteLength = decoder.readLength(what);
  const start = decoder.position;
  decoder.skip(byteLength, what);
  const utf16Length = utf16LengthOfUtf8(decoder.source, start, start + byteLength);
  if (utf16Length < 0) reject(`${what} is not valid UTF-8`);
  return { start, end: start + byteLength, utf16Length };
}

/** Reads a varUint-prefixed string, checks it is well-formed UTF-8 and returns it. */
export function readUtf8Text(decoder: BoundedDecoder, what: string): string {
  const { start, end } = readUtf8(decoder, what);
  return decodeUtf8Strict(decoder.source, start, end) ?? reject(`${what} is not valid UTF-8`);
}

/**
 * Moves past one lib0 Any value, checking every tag, count and string, with at most `maxDepth`
 * nested arrays/objects. Iterative, so a hostile nesting depth cannot exhaust the stack here.
 */
export function skipAny(decoder: BoundedDecoder, maxDepth: number): void {
  const open: OpenContainer[] = [];
  skipOneValue(decoder, open, maxDepth);
  while (open.length > 0) {
    const top = open[open.length - 1] as OpenContainer;
    if (top.left === 0) {
      open.pop();
      continue;
    }
    top.left--;
    if (top.isObject) readObjectKey(decoder);
    skipOneValue(decoder, open, maxDepth);
  }
}

/** Reads one tag and its scalar payload; for a container, pushes it on `open` instead. */
function skipOneValue(decoder: BoundedDecoder, open: OpenContainer[], maxDepth: number): void {
  const tag = decoder.readUint8('any value tag');
  switch (tag) {
    case AnyTag.Undefined:
    case AnyTag.Null:
    case AnyTag.False:
    case AnyTag.True:
      return;
    case AnyTag.Integer:
      decoder.readVarInt('any integer');
      return;
    case AnyTag.Float32:
      decoder.skip(4, 'any float32');
      return;
    case AnyTag.Float64:
    case AnyTag.BigInt64:
      decoder.skip(8, 'any 64-bit number');
      return;
    case AnyTag.String:
      readUtf8(decoder, 'any string');
      return;
    case AnyTag.Bytes:
      decoder.skip(decoder.readLength('any byte array'), 'any byte array');
      return;
    case AnyTag.Object:
    case AnyTag.Array: {
      if (open.length >= maxDepth) reject(`any value nested deeper than ${maxDepth}`);
      const isObject = tag === AnyTag.Object;
      // An object entry is at least a key length byte and a value tag; an array item a tag.
      const left = isObject
        ? decoder.readCount('any object size', 2)
        : decoder.readCount('any array length', 1);
      open.push({ left, isObject });
      return;
    }
    default:
      reject(`unknown any value tag ${tag}`);
  }
}

/**
 * NOTE: lib0 builds objects with `obj[key] = value`, so a key `__proto__` does not create an
 * entry: it replaces the object's prototype (or is dropped). The relay's copy and every peer's
 * copy would then differ from what the sender wrote, and code reading the value could see
 * properties nobody stored. Such keys are refused.
 */
function readObjectKey(decoder: BoundedDecoder): void {
  const { start, end } = readUtf8(decoder, 'any object key');
  if (
    end - start === PROTO_KEY.length &&
    PROTO_KEY.every((b, k) => decoder.source[start + k] === b)
  ) {
    reject('any object key __proto__ is not allowed');
  }
}

/**
 * Checks that `text` is JSON that `JSON.parse` accepts, nested at most `maxDepth` deep.
 * The depth is measured by scanning brackets outside string literals before parsing, so no
 * deep structure is ever built.
 */
export function checkJsonText(text: string, maxDepth: number, what: string): void {
  if (jsonDepthExceeds(text, maxDepth)) reject(`${what} nested deeper than ${maxDepth}`);
  try {
    JSON.parse(text);
  } catch {
    reject(`${what} is not valid JSON`);
  }
}

/** True when `text` opens more than `maxDepth` nested brackets (strings and escapes skipped). */
function jsonDepthExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}
