import { describe, expect, it } from 'vitest';
import { DEMO_DOCUMENTS } from '../demo/committee.js';
import { displayedHeadings } from './article-numbering.js';
import { frenchTypography } from './french-typography.js';
import { textOf } from './prosemirror-json.js';
import { TEMPLATES } from './templates.js';

const ALL = [
  ...Object.values(TEMPLATES).map((make) => make()),
  ...DEMO_DOCUMENTS.map((d) => d.template),
];

describe('templates', () => {
  it('each kind has its template', () => {
    for (const [kind, make] of Object.entries(TEMPLATES)) expect(make().kind).toBe(kind);
  });

  it('use French typography: no straight apostrophe, no breakable space before : ; ! ? »', () => {
    for (const template of ALL) {
      const text = textOf(template.content);
      expect(text).not.toMatch(/'/);
      expect(text).not.toMatch(/ [:;!?»]/);
      expect(text).not.toMatch(/« /);
      expect(frenchTypography(text)).toBe(text);
    }
  });

  it('articles carry no stored number', () => {
    for (const template of ALL) {
      expect(textOf(template.content)).not.toMatch(/Article\s*\d/);
    }
    expect(displayedHeadings(TEMPLATES.charte().content)).toContain(
      'Article\u00a01er\u00a0– Objet de la charte',
    );
  });

  it('typography helper spaces punctuation and numbers', () => {
    expect(frenchTypography("Note : l'ordre ; oui ! « ici » 95 % de 60 000")).toBe(
      'Note\u00a0: l’ordre\u202f; oui\u202f! «\u00a0ici\u00a0» 95\u00a0% de 60\u202f000',
    );
  });
});
