import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { articleLabel, displayedHeadings, numberArticles } from './article-numbering.js';
import { appendJsonToFragment } from './json-to-yjs.js';
import { doc, heading, paragraph } from './prosemirror-json.js';

describe('article numbering', () => {
  it('numbers level-2 headings, sub-articles as n.m, ignores level-1 parts', () => {
    const numbers = numberArticles([
      { level: 1, text: 'Préambule' },
      { level: 3, text: 'orphelin' },
      { level: 2, text: 'Objet' },
      { level: 3, text: 'a' },
      { level: 3, text: 'b' },
      { level: 1, text: 'Titre II' },
      { level: 2, text: 'Durée' },
      { level: 3, text: 'c' },
    ]);
    expect(numbers).toEqual([
      null,
      null,
      { article: 1 },
      { article: 1, sub: 1 },
      { article: 1, sub: 2 },
      null,
      { article: 2 },
      { article: 2, sub: 1 },
    ]);
  });

  it('labels with French usage: 1er, non-breaking spaces, en dash', () => {
    expect(articleLabel({ article: 1 }, 'Objet')).toBe('Article\u00a01er\u00a0– Objet');
    expect(articleLabel({ article: 12 }, '')).toBe('Article\u00a012');
    expect(articleLabel({ article: 2, sub: 3 }, 'Suite')).toBe('2.3\u00a0– Suite');
  });

  it('stays right when two offline replicas each add an article', () => {
    // Two members each append "their" article 3 concurrently; stored text carries no number,
    // so after the merge the display shows 3 and 4, not two articles 3.
    const base = new Y.Doc();
    appendJsonToFragment(
      base.getXmlFragment('content'),
      doc(heading(2, 'Objet'), heading(2, 'Principes'), paragraph('…')),
    );
    const a = new Y.Doc();
    const b = new Y.Doc();
    Y.applyUpdate(a, Y.encodeStateAsUpdate(base));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(base));
    appendJsonToFragment(a.getXmlFragment('content'), doc(heading(2, 'Durée')));
    appendJsonToFragment(b.getXmlFragment('content'), doc(heading(2, 'Litiges')));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    const titles = a
      .getXmlFragment('content')
      .toArray()
      .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'heading')
      .map((h) => heading(2, h.toArray().map((t) => (t as Y.XmlText).toString())[0] ?? ''));
    const labels = displayedHeadings(doc(...titles));
    expect(labels.slice(0, 2)).toEqual([
      'Article\u00a01er\u00a0– Objet',
      'Article\u00a02\u00a0– Principes',
    ]);
    expect(labels.slice(2).map((l) => l.slice(0, 10))).toEqual([
      'Article\u00a03\u00a0',
      'Article\u00a04\u00a0',
    ]);
  });
});
