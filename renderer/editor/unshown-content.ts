/**
 * The placeholders a reader's view puts where the document holds content this version of the
 * editor cannot show (`read-only-view.ts`): a block, or an inline mark inside a paragraph. They
 * exist only in read-only editors' schema and in the reader's local copy, never in a shared
 * document. Their text is the app's own, in the interface language; nothing comes from the
 * document.
 */
import { Node } from '@tiptap/core';
import { UNSHOWN_BLOCK, UNSHOWN_INLINE } from './read-only-view.js';

/** Options of the placeholders: the sentence they show. */
export interface UnshownContentOptions {
  /** E.g. "Contenu non affiché". */
  readonly label: string;
}

/** A block the editor cannot show. */
export const UnshownBlock = Node.create<UnshownContentOptions>({
  name: UNSHOWN_BLOCK,
  group: 'block',
  atom: true,
  selectable: false,
  addOptions: () => ({ label: '' }),
  parseHTML: () => [],
  renderHTML() {
    return ['div', { class: 'unshown-content', 'data-unshown': 'block' }, this.options.label];
  },
});

/** Inline content (inside a paragraph or heading) the editor cannot show. */
export const UnshownInline = Node.create<UnshownContentOptions>({
  name: UNSHOWN_INLINE,
  group: 'inline',
  inline: true,
  atom: true,
  selectable: false,
  addOptions: () => ({ label: '' }),
  parseHTML: () => [],
  renderHTML() {
    return ['span', { class: 'unshown-content', 'data-unshown': 'inline' }, this.options.label];
  },
});
