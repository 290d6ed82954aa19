/**
 * Shows article numbers on the headings of a charter or convention.
 *
 * NOTE: why a decoration and not a CSS counter. The numbers must match what exports and every
 * other view compute, including French usage ("Article 1er", sub-articles "2.1", level-1 parts
 * not breaking the sequence): that rule lives once, in `shared/schema/article-numbering.ts`.
 * A CSS counter would restate it in CSS (and cannot write "1er"). So a ProseMirror plugin runs
 * `numberArticles` over the top-level headings on every document change and puts the label in a
 * `data-article-label` attribute (a node decoration: nothing is written to the Yjs document);
 * the stylesheet shows it with `::before { content: attr(data-article-label) }`. Generated
 * content is part of the heading's accessible name, so screen readers hear the number too.
 */
import { Extension } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { articleLabel, numberArticles } from '../../shared/schema/article-numbering.js';
import { topHeadings } from './outline.js';

/** Attribute holding the label prefix; read by `styles/editor.css`. */
export const ARTICLE_LABEL_ATTRIBUTE = 'data-article-label';

const KEY = new PluginKey<DecorationSet>('articleNumbering');

/** The decorations numbering `doc`'s top-level headings. */
export function articleDecorations(doc: PmNode): DecorationSet {
  const headings = topHeadings(doc);
  const numbers = numberArticles(
    headings.map(({ node }) => ({ level: Number(node.attrs.level), text: node.textContent })),
  );
  const decorations: Decoration[] = [];
  headings.forEach(({ pos, node }, i) => {
    const number = numbers[i];
    if (number === null || number === undefined) return;
    // articleLabel with an empty title gives the bare prefix; the dash joins it to the title.
    const label = `${articleLabel(number, '')}\u00a0– `;
    decorations.push(
      Decoration.node(pos, pos + node.nodeSize, {
        [ARTICLE_LABEL_ATTRIBUTE]: label,
        class: 'article-heading',
      }),
    );
  });
  return DecorationSet.create(doc, decorations);
}

/** Tiptap extension numbering articles; add it only for kinds with articles. */
export const ArticleNumbering = Extension.create({
  name: 'articleNumbering',
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: KEY,
        state: {
          init: (_config, state) => articleDecorations(state.doc),
          // Recomputed only when the document changed: numbering is linear in the headings.
          apply: (tr, old) => (tr.docChanged ? articleDecorations(tr.doc) : old),
        },
        props: {
          decorations: (state) => KEY.getState(state),
        },
      }),
    ];
  },
});
