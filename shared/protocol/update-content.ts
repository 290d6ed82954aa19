/**
 * The content part of a Yjs item (update v1): which content kinds exist, how each is laid out,
 * and how long (in clock units) each makes its item. Mirrors `contentRefs` and the `read*`
 * functions of yjs/src/structs/Content*.js, but only checks; it builds nothing.
 */
import { checkJsonText, readUtf8, readUtf8Text, skipAny } from './any-value.js';
import { type BoundedDecoder, reject } from './bounded-decoder.js';

/**
 * Struct kinds, from the low 5 bits of a struct's info byte. 0 and 10 are structs without
 * content (GC, Skip); 1–9 are item contents. The numbers are Yjs's wire format.
 */
export const ContentRef = {
  /** Garbage-collected range: only a length. */
  GC: 0,
  /** Deleted content whose payload was dropped: a length. */
  Deleted: 1,
  /** Legacy JSON content: a count, then that many JSON strings (or the literal `undefined`). */
  Json: 2,
  /** One byte array. */
  Binary: 3,
  /** A string; the item's length is its UTF-16 length. */
  String: 4,
  /** A text embed: one JSON string. */
  Embed: 5,
  /** A text formatting mark: a key string and a JSON value string. */
  Format: 6,
  /** A nested shared type: a type ref, plus a name for XML elements and hooks. */
  Type: 7,
  /** lib0 Any values: a count, then that many values. */
  Any: 8,
  /** A subdocument: a guid string and an Any options value. */
  Doc: 9,
  /** A gap in an update that is not the client's full history: only a length. */
  Skip: 10,
} as const;

/** Shared type kinds inside `ContentRef.Type` (yjs/src/structs/ContentType.js `typeRefs`). */
export const TypeRef = {
  /** Y.Array */
  Array: 0,
  /** Y.Map */
  Map: 1,
  /** Y.Text */
  Text: 2,
  /** Y.XmlElement, followed by its node name. */
  XmlElement: 3,
  /** Y.XmlFragment */
  XmlFragment: 4,
  /** Y.XmlHook, followed by its hook name. */
  XmlHook: 5,
  /** Y.XmlText */
  XmlText: 6,
} as const;

/** The limits content checks need. */
export interface ContentLimits {
  /** Deepest nesting of Any values and of JSON text. */
  readonly maxAnyDepth: number;
}

/**
 * Reads the content of an item whose info byte has content ref `ref` and returns the item's
 * length in clock units. Rejects unknown refs, malformed payloads and zero lengths (a zero-length
 * item would give two structs the same clock, which Yjs never writes and cannot handle).
 */
export function readItemContent(
  decoder: BoundedDecoder,
  ref: number,
  limits: ContentLimits,
): number {
  switch (ref) {
    case ContentRef.Deleted:
      return readPositiveLength(decoder, 'deleted content length');
    case ContentRef.Json:
      return readJsonContent(decoder, limits);
    case ContentRef.Binary:
      decoder.skip(decoder.readLength('binary content'), 'binary content');
      return 1;
    case ContentRef.String: {
      const { utf16Length } = readUtf8(decoder, 'string content');
      if (utf16Length === 0) reject('empty string content');
      return utf16Length;
    }
    case ContentRef.Embed:
      checkJsonText(readUtf8Text(decoder, 'embed content'), limits.maxAnyDepth, 'embed content');
      return 1;
    case ContentRef.Format:
      readUtf8(decoder, 'format key');
      checkJsonText(readUtf8Text(decoder, 'format value'), limits.maxAnyDepth, 'format value');
      return 1;
    case ContentRef.Type:
      readTypeContent(decoder);
      return 1;
    case ContentRef.Any:
      return readAnyContent(decoder, limits);
    case ContentRef.Doc:
      // NOTE: Entente does not use subdocuments. Accepting them would make the relay build a
      // nested Y.Doc per item from client-chosen options (guid, autoLoad, shouldLoad, meta),
      // which is cost and attack surface for a feature nothing reads.
      return reject('subdocument content is not supported');
    default:
      return reject(`unknown content ref ${ref}`);
  }
}

/** A varUint length that must be at least 1. */
export function readPositiveLength(decoder: BoundedDecoder, what: string): number {
  const length = decoder.readVarUint(what);
  if (length === 0) reject(`${what} is zero`);
  return length;
}

/** Legacy JSON content: Yjs writes `undefined` (which is not JSON) as the bare word. */
function readJsonContent(decoder: BoundedDecoder, limits: ContentLimits): number {
  const count = decoder.readCount('JSON content count', 1);
  if (count === 0) reject('JSON content count is zero');
  for (let i = 0; i < count; i++) {
    const text = readUtf8Text(decoder, 'JSON content');
    if (text !== 'undefined') checkJsonText(text, limits.maxAnyDepth, 'JSON content');
  }
  return count;
}

function readTypeContent(decoder: BoundedDecoder): void {
  const typeRef = decoder.readVarUint('type ref');
  switch (typeRef) {
    case TypeRef.XmlElement:
      readUtf8(decoder, 'XML element name');
      return;
    case TypeRef.XmlHook:
      readUtf8(decoder, 'XML hook name');
      return;
    case TypeRef.Array:
    case TypeRef.Map:
    case TypeRef.Text:
    case TypeRef.XmlFragment:
    case TypeRef.XmlText:
      return;
    default:
      reject(`unknown type ref ${typeRef}`);
  }
}

function readAnyContent(decoder: BoundedDecoder, limits: ContentLimits): number {
  const count = decoder.readCount('any content count', 1);
  if (count === 0) reject('any content count is zero');
  for (let i = 0; i < count; i++) skipAny(decoder, limits.maxAnyDepth);
  return count;
}
