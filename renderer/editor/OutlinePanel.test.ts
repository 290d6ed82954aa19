/**
 * The outline in real Chromium over a real editor: a charter's parts and numbered articles as
 * the text shows them, the current one marked, a jump that puts the caret in the heading, and
 * an outline that follows edits — one's own and another member's arriving through Yjs.
 */
import type { Editor } from '@tiptap/core';
import type {} from '@tiptap/starter-kit';
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n-context.js';
import { OUTLINE_OPEN_QUERY, OutlinePanel } from './OutlinePanel.js';
import { TestEditors } from './test-editors.js';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

const CHARTER =
  '<h1>Préambule</h1><p>Considérant…</p>' +
  '<h2>Objet</h2><p>La présente charte…</p>' +
  '<h2>Engagements des partenaires</h2><h3>Engagements de l’État</h3><p>…</p>' +
  '<h1>Titre II</h1><h2>Durée</h2><p>Trois ans.</p>';

describe('OutlinePanel', () => {
  let root: Root | null = null;
  const cleanups: Array<() => void> = [];
  const editors = new TestEditors();
  afterEach(() => {
    act(() => root?.unmount());
    root = null;
    cleanups.splice(0).forEach((cleanup) => cleanup());
    editors.destroyAll();
  });

  async function show(editor: Editor, numbered: boolean): Promise<HTMLElement> {
    const container = document.createElement('div');
    document.body.append(container);
    cleanups.push(() => container.remove());
    window.sessionStorage.clear();
    root = createRoot(container);
    await act(async () => {
      root!.render(
        createElement(I18nProvider, {
          storage: window.sessionStorage,
          root: document.documentElement,
          children: createElement(OutlinePanel, { editor, numbered }),
        }),
      );
    });
    return container;
  }

  const entries = (container: HTMLElement) =>
    [...container.querySelectorAll<HTMLButtonElement>('.outline-entry')].map((b) => [
      b.closest('li')!.className,
      b.textContent,
      b.getAttribute('aria-current'),
    ]);

  it('lists parts and numbered articles as the text shows them, and jumps to one', async () => {
    const { editor, other, receive } = editors.pair(CHARTER);
    editor.commands.setTextSelection(3);
    const container = await show(editor, true);
    const nav = container.querySelector('nav')!;
    expect(nav.getAttribute('aria-label')).toBe('Plan du document');
    expect(entries(container)).toEqual([
      ['outline-level-1', 'Préambule', 'location'],
      ['outline-level-2', 'Article\u00a01er\u00a0– Objet', null],
      ['outline-level-2', 'Article\u00a02\u00a0– Engagements des partenaires', null],
      ['outline-level-3', '2.1\u00a0– Engagements de l’État', null],
      ['outline-level-1', 'Titre II', null],
      ['outline-level-2', 'Article\u00a03\u00a0– Durée', null],
    ]);

    // "Article 3": the caret goes to the start of its heading, and it becomes the current one.
    const durée = [...container.querySelectorAll<HTMLButtonElement>('.outline-entry')][5]!;
    await act(async () => durée.click());
    await act(nextTask);
    const { $from } = editor.state.selection;
    expect($from.parent.type.name).toBe('heading');
    expect($from.parent.textContent).toBe('Durée');
    expect($from.parentOffset).toBe(0);
    // Tiptap focuses in an animation frame.
    await vi.waitFor(() => expect(document.activeElement).toBe(editor.view.dom));
    expect(durée.getAttribute('aria-current')).toBe('location');

    // Another member adds an article before "Objet": every later number moves, here too.
    other.commands.setTextSelection(
      other.state.doc.child(0).nodeSize + other.state.doc.child(1).nodeSize,
    );
    other.commands.insertContent('<h2>Définitions</h2>');
    receive();
    await act(nextTask);
    expect(entries(container).map(([, label]) => label)).toEqual([
      'Préambule',
      'Article\u00a01er\u00a0– Définitions',
      'Article\u00a02\u00a0– Objet',
      'Article\u00a03\u00a0– Engagements des partenaires',
      '3.1\u00a0– Engagements de l’État',
      'Titre II',
      'Article\u00a04\u00a0– Durée',
    ]);
    // The caret stayed in "Durée", which the outline still marks.
    expect(entries(container)[6]![2]).toBe('location');
  });

  it('says when there is no heading, and names an empty one', async () => {
    const editor = editors.on();
    editor.commands.setContent('<p>Ordre du jour à compléter</p>');
    const container = await show(editor, false);
    expect(container.querySelector('.outline-empty')?.textContent).toMatch(/^Aucun titre/);
    editor.commands.setContent('<p>Texte</p><h2></h2><h2>Points divers</h2>');
    await act(nextTask);
    // Not a charter: no article numbers.
    expect(entries(container).map(([, label]) => label)).toEqual(['(titre vide)', 'Points divers']);
  });

  it('jumps in a read-only text without moving into it', async () => {
    const editor = editors.on();
    editor.commands.setContent(CHARTER);
    editor.setEditable(false);
    const container = await show(editor, true);
    const before = editor.state.selection.from;
    // The test page is narrow: the outline starts folded; a reader opens it.
    const details = container.querySelector('details')!;
    expect(details.open).toBe(window.matchMedia(OUTLINE_OPEN_QUERY).matches);
    await act(async () => container.querySelector('summary')!.click());
    expect(details.open).toBe(true);
    const button = [...container.querySelectorAll<HTMLButtonElement>('.outline-entry')][4]!;
    button.focus();
    await act(async () => button.click());
    expect(editor.state.selection.from).toBe(before);
    expect(document.activeElement).toBe(button);
  });
});
