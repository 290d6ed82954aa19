/**
 * Plain text of a document's content, for the local full-text search. Works on the Yjs
 * fragment directly so that searching never needs an editor or a DOM.
 */
import * as Y from 'yjs';

/** The text of every `Y.XmlText` under `node`, blocks separated by newlines. */
export function plainText(node: Y.XmlFragment | Y.XmlElement): string {
  const parts: string[] = [];
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) {
      // toDelta, not toString: toString renders marks as XML tags (`<bold>…</bold>`).
      const delta = child.toDelta() as { insert?: unknown }[];
      parts.push(delta.map((op) => (typeof op.insert === 'string' ? op.insert : '')).join(''));
    } else if (child instanceof Y.XmlElement) {
      parts.push(plainText(child));
    }
  }
  return parts.join('\n');
}

/**
 * A search key: lower case, accents removed, every kind of space made a plain space, so that
 * "ECOLE" finds "École" and a typed space finds the no-break spaces of French typography.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .toLowerCase();
}

/** A short excerpt of `text` around the first match of `key` (a `searchKey`), or null. */
export function excerpt(text: string, key: string, radius = 40): string | null {
  // searchKey keeps one character per character except collapsed spaces, so search a copy of
  // the text with spaces collapsed the same way to keep indexes aligned.
  const flat = text.replace(/[\s\u00a0\u202f]+/g, ' ');
  const at = searchKey(flat).indexOf(key);
  if (at < 0 || key.length === 0) return null;
  const start = Math.max(0, at - radius);
  const end = Math.min(flat.length, at + key.length + radius);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}
