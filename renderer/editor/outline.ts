/**
 * The outline of a document: its top-level headings, labelled as the text shows them (article
 * numbers from `shared/schema/article-numbering.ts`, the one rule every view uses), and which
 * one the selection is in. Entries carry no positions: positions shift with every keystroke
 * above them and would make each one a new outline; a jump asks for the heading's position in
 * the document of the moment (`headingPosition`).
 */
import type { Node as PmNode } from '@tiptap/pm/model';
import { articleLabel, numberArticles } from '../../shared/schema/article-numbering.js';

/** A top-level heading and where it starts. */
export interface PlacedHeading {
  readonly pos: number;
  readonly node: PmNode;
}

/** One entry of the outline. */
export interface OutlineEntry {
  /** Heading level, 1 (part) to 3 (sub-article). */
  readonly level: number;
  /** What the text shows: "Article 1er – Objet", "Préambule"; empty for an empty heading. */
  readonly label: string;
}

/** The outline, and the index of the heading the selection is under (-1: above the first). */
export interface Outline {
  readonly entries: readonly OutlineEntry[];
  readonly current: number;
}

/** The document's top-level headings, in order (articles are never nested). */
export function topHeadings(doc: PmNode): PlacedHeading[] {
  const headings: PlacedHeading[] = [];
  doc.forEach((node, pos) => {
    if (node.type.name === 'heading') headings.push({ pos, node });
  });
  return headings;
}

/** The outline of `doc` with the selection at `selectionFrom`; `numbered` for charters. */
export function outlineOf(doc: PmNode, selectionFrom: number, numbered: boolean): Outline {
  const headings = topHeadings(doc);
  const numbers = numbered
    ? numberArticles(
        headings.map(({ node }) => ({ level: Number(node.attrs.level), text: node.textContent })),
      )
    : [];
  let current = -1;
  const entries = headings.map(({ pos, node }, i) => {
    if (pos <= selectionFrom) current = i;
    const text = node.textContent.trim();
    const number = numbers[i];
    return {
      level: Number(node.attrs.level),
      label: number === null || number === undefined ? text : articleLabel(number, text),
    };
  });
  return { entries, current };
}

/** Two outlines that render the same. */
export function sameOutline(a: Outline, b: Outline): boolean {
  return (
    a.current === b.current &&
    a.entries.length === b.entries.length &&
    a.entries.every((e, i) => e.level === b.entries[i]!.level && e.label === b.entries[i]!.label)
  );
}

/** Where the `index`-th top-level heading of `doc` starts, or null when there is none. */
export function headingPosition(doc: PmNode, index: number): number | null {
  return topHeadings(doc)[index]?.pos ?? null;
}
