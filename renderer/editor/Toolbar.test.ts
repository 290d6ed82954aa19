/**
 * The toolbar in real Chromium, rendered by React over a real editor: its states follow the
 * editor, but a transaction never re-renders it before the browser could paint — the new state
 * shows in a later task (`use-deferred-editor-state.ts`).
 */
import type { Editor } from '@tiptap/core';
import type {} from '@tiptap/starter-kit';
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { I18nProvider } from '../i18n/i18n-context.js';
// The app's styles: the narrow case checks the toolbar's layout.
import '../styles/app.css';
import '../styles/editor-chrome.css';
import { TestEditors } from './test-editors.js';
import { Toolbar } from './Toolbar.js';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Toolbar', () => {
  let root: Root | null = null;
  const cleanups: Array<() => void> = [];
  const editors = new TestEditors();
  afterEach(() => {
    act(() => root?.unmount());
    root = null;
    cleanups.splice(0).forEach((cleanup) => cleanup());
    editors.destroyAll();
  });

  async function show(): Promise<{
    editor: Editor;
    bold: () => string | null;
    container: HTMLElement;
  }> {
    const container = document.createElement('div');
    document.body.append(container);
    const editor = editors.on();
    cleanups.push(() => container.remove());
    editor.commands.setContent('<p>Texte du comité</p>');
    window.sessionStorage.clear();
    root = createRoot(container);
    await act(async () => {
      root!.render(
        createElement(I18nProvider, {
          storage: window.sessionStorage,
          root: document.documentElement,
          children: createElement(Toolbar, { editor }),
        }),
      );
    });
    const bold = () =>
      container.querySelector('[data-action="bold"]')?.getAttribute('aria-pressed') ?? null;
    return { editor, bold, container };
  }

  it('groups its buttons, each an icon with a name and a tooltip; arrows cross the groups', async () => {
    await page.viewport(1280, 800);
    const { container } = await show();
    const toolbar = container.querySelector<HTMLElement>('[role="toolbar"]')!;
    const groups = [...toolbar.querySelectorAll('[role="group"]')].map((g) => [
      g.getAttribute('aria-label'),
      [...g.querySelectorAll('button')].map((b) => b.dataset['action']),
    ]);
    expect(groups).toEqual([
      ['Historique', ['undo', 'redo']],
      ['Style du texte', ['bold', 'italic']],
      ['Type de bloc', ['paragraph', 'heading1', 'heading2', 'heading3']],
      ['Listes', ['bulletList', 'orderedList']],
      ['Tableau', ['insertTable', 'addRow']],
      ['Lien', ['link']],
    ]);
    const buttons = [...toolbar.querySelectorAll('button')];
    for (const button of buttons) {
      const name = button.getAttribute('aria-label') ?? button.textContent ?? '';
      expect(name.trim(), button.dataset['action']).not.toBe('');
      expect(button.title.startsWith(name.trim()), button.dataset['action']).toBe(true);
      expect(button.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    }
    expect(toolbar.querySelector('[data-action="bold"]')?.getAttribute('title')).toBe(
      'Gras (Ctrl+B)',
    );
    // One tab stop; the arrows go from the last of a group to the first of the next.
    expect(buttons.filter((b) => b.tabIndex === 0).map((b) => b.dataset['action'])).toEqual([
      'undo',
    ]);
    await act(async () => buttons[1]!.focus());
    await act(async () => {
      buttons[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    });
    expect(document.activeElement?.getAttribute('data-action')).toBe('bold');
    await act(async () => {
      buttons[2]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    });
    expect(document.activeElement?.getAttribute('data-action')).toBe('link');
  });

  it('shows a new state after the transaction, in a later task', async () => {
    const { editor, bold } = await show();
    expect(bold()).toBe('false');

    editor.commands.setTextSelection({ from: 1, to: 6 });
    editor.commands.toggleBold();
    expect(editor.isActive('bold')).toBe(true);
    // Still the old state once the transaction's microtasks have run (where a synchronous
    // store such as Tiptap's useEditorState renders): nothing rendered before the next task.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(bold()).toBe('false');

    await act(nextTask);
    expect(bold()).toBe('true');

    editor.commands.toggleBold();
    await act(nextTask);
    expect(bold()).toBe('false');
  });

  it('on a narrow window keeps one line, the rest in a "Plus" menu used from the keyboard', async () => {
    await page.viewport(360, 800);
    const { editor, container } = await show();
    const toolbar = container.querySelector<HTMLElement>('[role="toolbar"]')!;
    const roving = () =>
      [...toolbar.querySelectorAll<HTMLButtonElement>('[data-roving]')].map(
        (b) => b.dataset['action'],
      );
    expect(roving()).toEqual(['undo', 'redo', 'bold', 'italic', 'link', 'more']);
    // One line: every button on the first one’s row, in a toolbar as wide as on a 360 px page.
    toolbar.style.width = '328px';
    const tops = new Set(
      [...toolbar.querySelectorAll<HTMLElement>('[data-roving]')].map((b) =>
        Math.round(b.getBoundingClientRect().top),
      ),
    );
    expect(tops.size).toBe(1);
    const more = toolbar.querySelector<HTMLButtonElement>('[data-action="more"]')!;
    expect(more.getAttribute('aria-haspopup')).toBe('menu');
    expect(more.title).toBe('Plus d’outils de mise en forme');

    await act(async () =>
      toolbar.querySelector<HTMLButtonElement>('[data-action="undo"]')!.focus(),
    );
    await act(async () => {
      document.activeElement!.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'End', bubbles: true }),
      );
    });
    expect(document.activeElement).toBe(more);
    await act(async () => more.click());
    expect(more.getAttribute('aria-expanded')).toBe('true');
    const menu = container.querySelector<HTMLElement>('[role="menu"]')!;
    const items = [...menu.querySelectorAll<HTMLElement>('[role^="menuitem"]')];
    expect(items.map((i) => i.dataset['action'])).toEqual([
      'paragraph',
      'heading1',
      'heading2',
      'heading3',
      'bulletList',
      'orderedList',
      'insertTable',
      'addRow',
    ]);
    expect(items[1]!.getAttribute('role')).toBe('menuitemcheckbox');
    expect(items[6]!.getAttribute('role')).toBe('menuitem');
    expect(document.activeElement).toBe(items[0]);
    const key = async (k: string) =>
      act(async () => {
        document.activeElement!.dispatchEvent(
          new KeyboardEvent('keydown', { key: k, bubbles: true }),
        );
      });
    await key('ArrowDown');
    expect(document.activeElement).toBe(items[1]);
    await key('ArrowUp');
    await key('ArrowUp');
    expect(document.activeElement).toBe(items[7]);
    await key('Home');
    await key('ArrowDown');
    // The toolbar's own arrows did not move: "Plus" is still its tab stop.
    expect(more.tabIndex).toBe(0);
    await act(async () => (document.activeElement as HTMLElement).click());
    expect(editor.isActive('heading', { level: 1 })).toBe(true);
    expect(container.querySelector('[role="menu"]')).toBeNull();

    await act(async () => more.click());
    await act(nextTask);
    expect(container.querySelector('[data-action="heading1"]')?.getAttribute('aria-checked')).toBe(
      'true',
    );
    await key('Escape');
    expect(container.querySelector('[role="menu"]')).toBeNull();
    expect(document.activeElement).toBe(more);
    await page.viewport(1280, 800);
  });
});
