/**
 * One colour per organisation, the same on every replica: a hash of the organisation name picks
 * a colour from a fixed palette. Every colour has at least 4.5:1 contrast with white (the label
 * text) and is told apart by its name label too, never by colour alone (RGAA 3.1).
 */

/** The palette (dark enough for white text, AA). */
export const ORG_PALETTE: readonly string[] = [
  '#000091', // blue
  '#8a3b00', // brown
  '#006b3c', // green
  '#8e1b52', // magenta
  '#5c2d91', // purple
  '#005a70', // teal
  '#a4161a', // red
  '#4d4d00', // olive
];

/** Index in {@link ORG_PALETTE} for `org` (FNV-1a over its UTF-16 code units). */
export function orgColorIndex(org: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < org.length; i += 1) {
    hash ^= org.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % ORG_PALETTE.length;
}

/** The colour of `org`. */
export function orgColor(org: string): string {
  return ORG_PALETTE[orgColorIndex(org)]!;
}
