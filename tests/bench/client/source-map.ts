/**
 * Just enough of the source map format (v3) to name the code a CPU profile sampled: the app's
 * build is minified, so the profile's function names are one letter; its source maps (emitted by
 * the build) say which original file and function each generated position comes from.
 */
import { readFileSync } from 'node:fs';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, i) => [char, i]));

/** One mapping segment: generated column → original source and name (indexes, −1 if none). */
interface Segment {
  readonly column: number;
  readonly source: number;
  readonly name: number;
}

/** Decodes one VLQ-encoded segment into its fields. */
function decodeSegment(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = DIGIT.get(char) ?? 0;
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** A loaded source map: where a generated (line, column) comes from. */
export class SourceMap {
  readonly #sources: readonly string[];
  readonly #names: readonly string[];
  readonly #lines: Segment[][] = [];

  constructor(path: string) {
    const map = JSON.parse(readFileSync(path, 'utf8')) as {
      sources: string[];
      names: string[];
      mappings: string;
    };
    this.#sources = map.sources;
    this.#names = map.names;
    // Source and name indexes are relative to the previous segment's, across lines.
    let source = 0;
    let name = 0;
    for (const line of map.mappings.split(';')) {
      let column = 0;
      const segments: Segment[] = [];
      for (const text of line.split(',')) {
        if (text === '') continue;
        const [dColumn = 0, dSource, , , dName] = decodeSegment(text);
        column += dColumn;
        if (dSource !== undefined) source += dSource;
        if (dName !== undefined) name += dName;
        segments.push({ column, source, name: dName !== undefined ? name : -1 });
      }
      this.#lines.push(segments);
    }
  }

  /** The original file and name at 0-based `line`, `column`, or null when unmapped. */
  lookup(line: number, column: number): { file: string; name: string | null } | null {
    const segments = this.#lines[line];
    if (segments === undefined || segments.length === 0) return null;
    let found: Segment | undefined;
    for (const segment of segments) {
      if (segment.column > column) break;
      found = segment;
    }
    if (found === undefined) return null;
    return {
      file: this.#sources[found.source] ?? '?',
      name: found.name >= 0 ? (this.#names[found.name] ?? null) : null,
    };
  }
}
