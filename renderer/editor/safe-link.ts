/**
 * The editor's link mark: Tiptap's Link (its commands, autolink and paste rules) reduced to one
 * attribute, a validated `href` (`shared/schema/link-href.ts`). Links arrive from other members
 * through the Y.Doc, and y-tiptap hands ProseMirror whatever attributes the document stores: the
 * stock mark would render a stored `class`, `target` or `title` into the page (a writer once made
 * a link look like the app's own hidden "skip link"). Here nothing but the checked address is
 * read — from the document or from pasted HTML — and nothing but it is rendered, with a fixed
 * `rel` of the app's own; a link whose address fails the check renders as plain text.
 *
 * Clicks never navigate the app's window: an empty `href` used to reload the page from the
 * read-only view. In a read-only view a click (or Enter on the focused link) opens the address
 * through `openLink` (the shell's `openExternal`); while editing, Ctrl/⌘+click does.
 */
import { Link, type LinkOptions } from '@tiptap/extension-link';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { isSafeLinkHref, safeLinkHref } from '../../shared/schema/link-href.js';

/** The `rel` every rendered link carries, whatever the document says. */
export const LINK_REL = 'noopener noreferrer nofollow';

/** Options of {@link SafeLink}. */
export interface SafeLinkOptions extends LinkOptions {
  /** Opens a checked address outside the app; null: links are not followed. */
  readonly openLink: ((href: string) => void) | null;
}

/** The link a click landed on, inside this editor, or null. */
function clickedLink(view: EditorView, event: Event): HTMLAnchorElement | null {
  const target = event.target;
  if (!(target instanceof Element)) return null;
  const anchor = target.closest('a');
  return anchor !== null && view.dom.contains(anchor) ? anchor : null;
}

/** Tiptap's Link with only a validated `href`; configure `openLink` to follow links. */
export const SafeLink = Link.extend<SafeLinkOptions>({
  addOptions() {
    return {
      ...this.parent!(),
      // Our own click handling below; the stock one would `window.open` any href.
      openOnClick: false,
      enableClickSelection: false,
      autolink: true,
      defaultProtocol: 'https',
      // Read by setLink, autolink and the paste rules: what a member adds follows the same rule.
      isAllowedUri: (url: string) => isSafeLinkHref(url),
      // Nothing of the stock defaults (target="_blank", class) is rendered.
      HTMLAttributes: {},
      openLink: null,
    };
  },

  addAttributes() {
    return {
      href: {
        default: null,
        parseHTML: (element: HTMLElement) => element.getAttribute('href'),
        // Rendered by renderHTML below, once checked.
        renderHTML: () => ({}),
      },
    };
  },

  parseHTML() {
    return [
      {
        tag: 'a[href]',
        getAttrs: (dom: HTMLElement) => {
          const href = dom.getAttribute('href');
          return isSafeLinkHref(href) ? { href } : false;
        },
      },
    ];
  },

  renderHTML({ mark }) {
    const href = safeLinkHref(mark.attrs.href);
    // Plain text: no element a click could follow, nothing a screen reader calls a link.
    if (href === null) return ['span', 0];
    return ['a', { href, rel: LINK_REL }, 0];
  },

  addProseMirrorPlugins() {
    const follow = (view: EditorView, event: MouseEvent, anchor: HTMLAnchorElement): void => {
      const open = this.options.openLink;
      const wanted = !view.editable || event.ctrlKey || event.metaKey;
      const href = safeLinkHref(anchor.getAttribute('href'));
      if (open !== null && wanted && href !== null) open(href);
    };
    return [
      ...(this.parent?.() ?? []),
      new Plugin({
        key: new PluginKey('safeLinkClick'),
        props: {
          handleDOMEvents: {
            click: (view, event) => {
              const anchor = clickedLink(view, event);
              if (anchor === null || event.button !== 0) return false;
              event.preventDefault();
              follow(view, event, anchor);
              // ProseMirror still places the caret where the member clicked.
              return false;
            },
            auxclick: (view, event) => {
              // A middle click would open the address in a new window of the app itself.
              if (clickedLink(view, event) !== null) event.preventDefault();
              return false;
            },
          },
        },
      }),
    ];
  },
});
