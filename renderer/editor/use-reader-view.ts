/**
 * The document a reader's editor binds to: a `ReadOnlyView` of the synced document while the
 * member's role cannot write it (`read-only-view.ts`), and how much of it could not be shown.
 * Writers get nothing here: their editor binds to the synced document as always.
 */
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { readerKnownContent } from './extensions.js';
import { openReadOnlyView } from './read-only-view.js';

/** What {@link useReaderView} gives the page. */
export type ReaderView =
  /** A writer, or no document yet: bind to the synced document (once there is one). */
  | { readonly state: 'none' }
  /** A reader whose copy is being made: bind to nothing yet (never to the synced document). */
  | { readonly state: 'opening' }
  /** A reader: bind to `doc`; `unshown` things could not be shown. */
  | { readonly state: 'ready'; readonly doc: Y.Doc; readonly unshown: number };

/** The reader's view of `source` when `reader` is true. */
export function useReaderView(source: Y.Doc | null, reader: boolean): ReaderView {
  const [view, setView] = useState<{ source: Y.Doc; doc: Y.Doc; unshown: number } | null>(null);
  useEffect(() => {
    if (source === null || !reader) return;
    const opened = openReadOnlyView(source, readerKnownContent());
    const show = (unshown: number): void => setView({ source, doc: opened.doc, unshown });
    show(opened.unshown);
    const stop = opened.onUnshown(show);
    return () => {
      stop();
      opened.destroy();
      setView(null);
    };
  }, [source, reader]);
  if (source === null || !reader) return { state: 'none' };
  // Until the effect above has made the copy of this very document, there is nothing to bind.
  if (view === null || view.source !== source) return { state: 'opening' };
  return { state: 'ready', doc: view.doc, unshown: view.unshown };
}
