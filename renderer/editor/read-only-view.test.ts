/**
 * [Issue 9, point 10] A reader's editor, in real Chromium with the app's extensions, bound to a
 * `ReadOnlyView` of the synced document: whatever the document holds that this version cannot
 * show, the synced Y.Doc never gets an update of the reader's own — the binding's repairs stay in
 * the copy — placeholders stand where the content was, and members' later edits still show.
 */
import { userEvent } from 'vitest/browser';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CONTENT_FIELD } from '../../shared/schema/doc-schema.js';
import { readerKnownContent } from './extensions.js';
import { openReadOnlyView, UNSHOWN_BLOCK, type ReadOnlyView } from './read-only-view.js';
import { TestEditors } from './test-editors.js';

const LABEL = 'Contenu non affiché';
/** Origin of what other members' edits bring (the relay connection, in the app). */
const REMOTE = 'relay';

function paragraph(text: string, attributes?: Record<string, unknown>): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  const content = new Y.XmlText();
  content.insert(0, text, attributes);
  element.insert(0, [content]);
  return element;
}

/** A document as a newer app (or a hostile client) could write it, as another member's update. */
function documentWithUnknownContent(): Uint8Array {
  const other = new Y.Doc();
  other.transact(() => {
    const fragment = other.getXmlFragment(CONTENT_FIELD);
    const mystery = new Y.XmlElement('mysteryBlock');
    mystery.setAttribute('kind', 'vote');
    fragment.insert(0, [paragraph('Article premier'), mystery, paragraph('Fin du texte')]);
    mystery.insert(0, [paragraph('Texte du bloc inconnu')]);
    // Inline: an unknown element inside a paragraph, a mark nobody knows, an embedded object.
    const mixed = new Y.XmlElement('paragraph');
    fragment.insert(3, [mixed]);
    const before = new Y.XmlText();
    mixed.insert(0, [before, new Y.XmlElement('mysteryInline'), new Y.XmlText()]);
    before.insert(0, 'Avant ');
    (mixed.get(2) as Y.XmlText).insert(0, 'après');
    const marked = new Y.XmlText();
    fragment.insert(4, [new Y.XmlElement('paragraph')]);
    (fragment.get(4) as Y.XmlElement).insert(0, [marked]);
    marked.insert(0, 'Commenté', { comment: { id: 'c1' } });
    marked.insert(0, 'Image ');
    marked.insertEmbed(6, { image: 'https://example.org/x.png' });
  });
  return Y.encodeStateAsUpdate(other);
}

describe('openReadOnlyView', () => {
  const editors = new TestEditors();
  const views: ReadOnlyView[] = [];
  afterEach(() => {
    editors.destroyAll();
    views.splice(0).forEach((view) => view.destroy());
  });

  /** The synced doc holding `update`, and a count of the updates it gets that are not remote. */
  function syncedDoc(update: Uint8Array): { doc: Y.Doc; ownUpdates: () => number } {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update, REMOTE);
    let own = 0;
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) own += 1;
    });
    return { doc, ownUpdates: () => own };
  }

  function readerEditor(source: Y.Doc) {
    const view = openReadOnlyView(source, readerKnownContent());
    views.push(view);
    const editor = editors.on(view.doc, { unshownLabel: LABEL });
    editor.setEditable(false);
    return { view, editor, root: editor.view.dom as HTMLElement };
  }

  it('shows what it can, placeholders for the rest, and never writes into the synced doc', async () => {
    const { doc, ownUpdates } = syncedDoc(documentWithUnknownContent());
    const { view, editor, root } = readerEditor(doc);

    expect(editor.getText()).toContain('Article premier');
    expect(editor.getText()).toContain('Fin du texte');
    expect(editor.getText()).toContain('Avant');
    expect(editor.getText()).toContain('après');
    expect(root.textContent).toContain('Commenté');
    expect(root.textContent).not.toContain('Texte du bloc inconnu');
    const placeholders = [...root.querySelectorAll('[data-unshown]')];
    expect(placeholders.map((p) => [p.getAttribute('data-unshown'), p.textContent])).toEqual([
      ['block', LABEL],
      ['inline', LABEL],
    ]);
    // The block, the inline element, the unknown mark, the embed.
    expect(view.unshown).toBe(4);

    // Reading, selecting, clicking: nothing of it reaches the synced document.
    editor.commands.setTextSelection(3);
    await userEvent.click(root.querySelector('p')!);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ownUpdates()).toBe(0);
    const names = doc
      .getXmlFragment(CONTENT_FIELD)
      .toArray()
      .map((node) => (node instanceof Y.XmlElement ? node.nodeName : 'text'));
    expect(names).toEqual(['paragraph', 'mysteryBlock', 'paragraph', 'paragraph', 'paragraph']);
    expect(view.doc.getXmlFragment(CONTENT_FIELD).get(1)).toBeInstanceOf(Y.XmlElement);
    expect((view.doc.getXmlFragment(CONTENT_FIELD).get(1) as Y.XmlElement).nodeName).toBe(
      UNSHOWN_BLOCK,
    );
  });

  it('keeps showing members’ later edits, new unknown blocks as placeholders too', () => {
    const writer = new Y.Doc();
    Y.applyUpdate(writer, documentWithUnknownContent());
    const { doc, ownUpdates } = syncedDoc(Y.encodeStateAsUpdate(writer));
    const { view, editor, root } = readerEditor(doc);
    const counts: number[] = [];
    view.onUnshown((count) => counts.push(count));
    const relay = (change: () => void): void => {
      const before = Y.encodeStateVector(doc);
      writer.transact(change);
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer, before), REMOTE);
    };

    // Typing in the last paragraph, then in the paragraph after the unknown block.
    relay(() => {
      const fragment = writer.getXmlFragment(CONTENT_FIELD);
      ((fragment.get(2) as Y.XmlElement).get(0) as Y.XmlText).insert(12, ', adopté.');
    });
    expect(editor.getText()).toContain('Fin du texte, adopté.');
    // A member's edit inside the unknown block changes nothing on screen, and breaks nothing.
    relay(() => {
      const mystery = writer.getXmlFragment(CONTENT_FIELD).get(1) as Y.XmlElement;
      ((mystery.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Modifié : ');
    });
    // A new unknown block from a newer app, nested in a known one.
    relay(() => {
      const quote = new Y.XmlElement('blockquote');
      writer.getXmlFragment(CONTENT_FIELD).insert(5, [quote]);
      quote.insert(0, [paragraph('Citation'), new Y.XmlElement('pollBlock')]);
    });
    expect(editor.getText()).toContain('Citation');
    expect(root.querySelectorAll('[data-unshown="block"]')).toHaveLength(2);
    expect(counts).toEqual([5]);
    expect(root.textContent).not.toContain('Modifié');
    // A member's app deletes the unknown block: its placeholder goes too.
    relay(() => writer.getXmlFragment(CONTENT_FIELD).delete(1, 1));
    expect(root.querySelectorAll('[data-unshown="block"]')).toHaveLength(1);
    expect(editor.getText()).toContain('Citation');
    expect(counts).toEqual([5, 4]);
    expect(ownUpdates()).toBe(0);
  });

  it('shows an ordinary document exactly, with nothing unshown', () => {
    const writer = new Y.Doc();
    const editorOfWriter = editors.on(writer);
    editorOfWriter.commands.setContent(
      '<h2>Article 1</h2><p>Texte <strong>gras</strong> et <a href="https://example.org/">lien</a>.</p>' +
        '<ul><li><p>Un</p></li></ul><table><tbody><tr><td><p>Case</p></td></tr></tbody></table>',
    );
    const { doc, ownUpdates } = syncedDoc(Y.encodeStateAsUpdate(writer));
    const { view, editor } = readerEditor(doc);
    expect(view.unshown).toBe(0);
    expect(editor.getJSON()).toEqual(editorOfWriter.getJSON());
    expect(ownUpdates()).toBe(0);
  });
});
