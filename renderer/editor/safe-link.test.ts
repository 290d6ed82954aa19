/**
 * [Issue 9, point 9] Links in a shared document are untrusted: in real Chromium, with the app's
 * own extensions, a link mark keeps nothing of the document but a checked `href`, and a link
 * whose address fails the check is plain text — whether it was stored in the Y.Doc, arrives over
 * Yjs from another member while the editor is open, or comes in as HTML. Clicks never navigate.
 */
import type { Editor } from '@tiptap/core';
import { userEvent } from 'vitest/browser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CONTENT_FIELD } from '../../shared/schema/doc-schema.js';
import { LINK_REL } from './safe-link.js';
import { TestEditors } from './test-editors.js';

/** Runs of a paragraph: text and its link attributes as another client could store them. */
const HOSTILE_RUNS: Array<[string, Record<string, unknown> | null]> = [
  [
    'Aller au contenu',
    {
      href: 'https://example.org/',
      class: 'skip-link',
      target: '_blank',
      title: 'Titre piégé',
      rel: 'opener',
      style: 'display:none',
    },
  ],
  [' · ', null],
  ['script', { href: 'javascript:alert(1)' }],
  [' · ', null],
  ['vide', { href: '' }],
  [' · ', null],
  ['relatif', { href: '/charte', class: 'skip-link' }],
  [' · ', null],
  ['données', { href: 'data:text/html,<script>alert(1)</script>' }],
  [' · ', null],
  ['tabulation', { href: 'java\tscript:alert(1)' }],
  [' · ', null],
  ['sans adresse', { class: 'skip-link' }],
  [' · ', null],
  ['courriel', { href: 'mailto:secretariat@example.org' }],
  [' · ', null],
  ['http', { href: 'http://intranet.example.org/charte', target: '_top' }],
];

/** Writes the runs as one paragraph of `doc`, the way y-tiptap stores marks. */
function writeHostileParagraph(doc: Y.Doc): void {
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    doc.getXmlFragment(CONTENT_FIELD).insert(0, [paragraph]);
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    text.applyDelta(
      HOSTILE_RUNS.map(([insert, link]) =>
        link === null ? { insert } : { insert, attributes: { link } },
      ),
    );
  });
}

/** The anchors the editor rendered, as `text → attributes`. */
function anchorsOf(editor: Editor): Array<{ text: string; attributes: Record<string, string> }> {
  return [...editor.view.dom.querySelectorAll('a')].map((anchor) => ({
    text: anchor.textContent ?? '',
    attributes: Object.fromEntries(
      anchor.getAttributeNames().map((n) => [n, anchor.getAttribute(n)!]),
    ),
  }));
}

const EXPECTED_ANCHORS = [
  { text: 'Aller au contenu', attributes: { href: 'https://example.org/', rel: LINK_REL } },
  { text: 'courriel', attributes: { href: 'mailto:secretariat@example.org', rel: LINK_REL } },
  { text: 'http', attributes: { href: 'http://intranet.example.org/charte', rel: LINK_REL } },
];

/** Nothing in the editor carries an attribute taken from a link of the document. */
function expectNoDocumentAttributes(editor: Editor): void {
  const root = editor.view.dom;
  expect(root.querySelector('.skip-link')).toBeNull();
  expect(root.querySelector('[target], [title], [style*="display"]')).toBeNull();
  expect(root.querySelector('a[rel="opener"]')).toBeNull();
  // The refused links are still there, as plain text.
  expect(root.textContent).toContain(
    'script · vide · relatif · données · tabulation · sans adresse',
  );
}

describe('SafeLink', () => {
  const editors = new TestEditors();
  afterEach(() => editors.destroyAll());

  it('renders only a checked href from links stored in the Y.Doc; the others as plain text', () => {
    const doc = new Y.Doc();
    writeHostileParagraph(doc);
    const editor = editors.on(doc);
    expect(anchorsOf(editor)).toEqual(EXPECTED_ANCHORS);
    expectNoDocumentAttributes(editor);
    // The marks themselves hold nothing but href: the toolbar and the link form see no more.
    const marks = editor.getJSON().content?.[0]?.content?.flatMap((node) => node.marks ?? []);
    expect(marks?.every((mark) => Object.keys(mark.attrs ?? {}).join() === 'href')).toBe(true);
  });

  it('does the same for links that arrive over Yjs from another member while the editor is open', () => {
    const { editor, theirs, receive } = editors.pair('<p>Préambule</p>');
    // The other member's client is not ours: it writes straight into its Y.Doc.
    writeHostileParagraph(theirs);
    receive();
    expect(editor.getText()).toContain('Aller au contenu');
    expect(anchorsOf(editor)).toEqual(EXPECTED_ANCHORS);
    expectNoDocumentAttributes(editor);
  });

  it('keeps only a checked href from pasted or loaded HTML', () => {
    const editor = editors.on();
    editor.commands.setContent(
      '<p><a href="https://example.org/" class="skip-link" target="_blank" title="t" style="color:red">ok</a>' +
        ' <a href="javascript:alert(1)">script</a> <a href="">vide</a> <a href="#main">ancre</a></p>',
    );
    expect(anchorsOf(editor)).toEqual([
      { text: 'ok', attributes: { href: 'https://example.org/', rel: LINK_REL } },
    ]);
    expect(editor.getJSON().content?.[0]?.content?.[0]?.marks).toEqual([
      { type: 'link', attrs: { href: 'https://example.org/' } },
    ]);
  });

  it('refuses to set a link the rule refuses (the link form and autolink use the same rule)', () => {
    const editor = editors.on();
    editor.commands.setContent('<p>texte</p>');
    editor.commands.selectAll();
    expect(editor.commands.setLink({ href: 'javascript:alert(1)' })).toBe(false);
    expect(editor.commands.setLink({ href: '/relatif' })).toBe(false);
    expect(editor.commands.setLink({ href: 'http://example.org/' })).toBe(true);
    expect(anchorsOf(editor)).toEqual([
      { text: 'texte', attributes: { href: 'http://example.org/', rel: LINK_REL } },
    ]);
  });

  it('never navigates on a click; a reader’s click opens the checked address outside the app', async () => {
    const openLink = vi.fn();
    const doc = new Y.Doc();
    writeHostileParagraph(doc);
    const editor = editors.on(doc, { openLink });
    editor.setEditable(false);
    const before = window.location.href;
    let unloads = 0;
    const onUnload = (): void => {
      unloads += 1;
    };
    window.addEventListener('beforeunload', onUnload);
    try {
      // Real clicks (Playwright) on the empty and relative links: plain text, nothing to follow.
      const root = editor.view.dom as HTMLElement;
      const plain = [...root.querySelectorAll('span')].filter((span) =>
        ['vide', 'relatif', 'script'].includes(span.textContent ?? ''),
      );
      expect(plain.map((span) => span.textContent)).toEqual(['script', 'vide', 'relatif']);
      for (const span of plain) await userEvent.click(span);
      expect(openLink).not.toHaveBeenCalled();

      // A real click on a valid link: the page stays, the address goes to the shell.
      await userEvent.click(root.querySelector('a[href^="https:"]')!);
      expect(openLink).toHaveBeenCalledWith('https://example.org/');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(window.location.href).toBe(before);
      expect(unloads).toBe(0);

      // And a scripted click is cancelled, so the browser's own navigation never runs.
      const event = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
      root.querySelector('a[href^="mailto:"]')!.dispatchEvent(event);
      expect(event.defaultPrevented).toBe(true);
      expect(openLink).toHaveBeenLastCalledWith('mailto:secretariat@example.org');

      // While editing, a plain click only places the caret; Ctrl+click follows the link.
      editor.setEditable(true);
      openLink.mockClear();
      const edit = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
      root.querySelector('a[href^="http:"]')!.dispatchEvent(edit);
      expect(edit.defaultPrevented).toBe(true);
      expect(openLink).not.toHaveBeenCalled();
      const ctrl = new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: true });
      root.querySelector('a[href^="http:"]')!.dispatchEvent(ctrl);
      expect(openLink).toHaveBeenCalledWith('http://intranet.example.org/charte');
    } finally {
      window.removeEventListener('beforeunload', onUnload);
    }
  });
});
