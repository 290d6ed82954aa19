/**
 * Article numbers of a charter or convention, computed at display time.
 *
 * NOTE: why numbers are not stored in the text. Two members who each add an article while
 * offline would both type "Article 4"; after the merge the charter has two articles 4 and every
 * later number is wrong, with nobody's edit to blame. Instead an article is any level-2 heading,
 * its text is only its title ("Objet de la charte"), and the renderer shows the label computed
 * here from the current heading sequence (a decoration or CSS counter). The numbers are then
 * always right, after any merge, and exports compute them the same way.
 *
 * Level-1 headings are parts of the document (Préambule, Titre I, Signataires): they do not
 * break the sequence. Level-3 headings inside an article are numbered `n.m`.
 */
import type { PmDoc, PmElement } from './prosemirror-json.js';
import { textOf } from './prosemirror-json.js';

/** Heading level of an article. */
export const ARTICLE_LEVEL = 2;
/** Heading level of a numbered sub-article. */
export const SUB_ARTICLE_LEVEL = 3;

/** A heading as the numbering sees it. */
export interface HeadingInfo {
  /** Heading level, 1 to 6. */
  readonly level: number;
  /** Heading text. */
  readonly text: string;
}

/** The number of a heading, or null when it is not numbered. */
export type ArticleNumber = { readonly article: number; readonly sub?: number } | null;

/** Numbers each heading of a document, in order: articles 1, 2, …; sub-articles n.1, n.2, …. */
export function numberArticles(headings: readonly HeadingInfo[]): ArticleNumber[] {
  let article = 0;
  let sub = 0;
  return headings.map((heading) => {
    if (heading.level === ARTICLE_LEVEL) {
      article += 1;
      sub = 0;
      return { article };
    }
    // A sub-article before any article has nothing to hang from: left unnumbered.
    if (heading.level === SUB_ARTICLE_LEVEL && article > 0) {
      sub += 1;
      return { article, sub };
    }
    return null;
  });
}

/**
 * The label shown for a numbered heading: `Article 1er – Objet` (French legal usage writes the
 * first article "1er"), `Article 2 – …`, `2.1 – …`. Non-breaking spaces keep "Article" with its
 * number and the dash with the number, as French typography requires.
 */
export function articleLabel(number: NonNullable<ArticleNumber>, title: string): string {
  const prefix =
    number.sub === undefined
      ? `Article\u00a0${number.article === 1 ? '1er' : String(number.article)}`
      : `${number.article}.${number.sub}`;
  return title.length === 0 ? prefix : `${prefix}\u00a0– ${title}`;
}

/** The headings of a ProseMirror JSON document (top level only: articles are never nested). */
export function headingsOf(json: PmDoc): HeadingInfo[] {
  return (json.content ?? [])
    .filter((node): node is PmElement => node.type === 'heading')
    .map((node) => ({ level: Number(node.attrs?.level ?? 1), text: textOf(node) }));
}

/** The displayed labels of a document's headings, in order (unnumbered headings unchanged). */
export function displayedHeadings(json: PmDoc): string[] {
  const headings = headingsOf(json);
  const numbers = numberArticles(headings);
  return headings.map((heading, i) => {
    const n = numbers[i];
    return n === undefined || n === null ? heading.text : articleLabel(n, heading.text);
  });
}
