/**
 * What a reviewer or observer reads: a local copy of a synced document, fed one way from it, that
 * the editor binds to instead of the synced `Y.Doc`.
 *
 * Why a copy: y-tiptap "repairs" what the editor's schema cannot show — an element written by a
 * newer version of the app or by a hostile client (`mysteryBlock`), a mark it does not know, an
 * embedded object — by deleting it from the Y.Doc it is bound to. Bound to the synced document,
 * that deletion is a local update: a reader's app counted it as a change the relay would never
 * accept, forever, and warned on every quit. It also normalises what it renders (a link's stored
 * attributes, an empty document's first paragraph) by writing back. Bound to this copy, anything
 * the binding writes stays in the copy; nothing flows back to the synced document, its store or
 * the relay. A reader cannot write anyway (the relay refuses it), so nothing is lost.
 *
 * The copy is also where content the editor cannot show is replaced, in the same transaction that
 * brought it and before the binding sees it, by a placeholder node (`unshownBlock`, or
 * `unshownInline` inside a paragraph or heading); marks it does not know are removed and embedded
 * objects dropped. {@link ReadOnlyView.unshown} counts those, for the notice that says some content
 * could not be shown. Everything else — the rest of the text, later edits by members — shows as
 * usual: the synced document's updates keep arriving in the copy. A placeholder goes when the
 * content it stands for is deleted from the synced document.
 */
import type { Schema } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { CONTENT_FIELD } from '../../shared/schema/doc-schema.js';
import { Listeners, type Unsubscribe } from '../sync/listeners.js';

/** Node name of the placeholder standing for a block the editor cannot show. */
export const UNSHOWN_BLOCK = 'unshownBlock';

/** Node name of the placeholder standing for inline content the editor cannot show. */
export const UNSHOWN_INLINE = 'unshownInline';

/** What the editor's schema can show, by Yjs name. */
export interface KnownContent {
  /** Node types (`paragraph`, `heading`, …), placeholders included. */
  readonly nodes: ReadonlySet<string>;
  /** Of those, the ones whose content is inline (a placeholder inside them must be inline). */
  readonly textblocks: ReadonlySet<string>;
  /** Mark types (`bold`, `link`, …). */
  readonly marks: ReadonlySet<string>;
}

/** The names `schema` knows, for {@link openReadOnlyView}. */
export function knownContentOf(schema: Schema): KnownContent {
  const nodes = Object.values(schema.nodes);
  return {
    nodes: new Set(nodes.map((type) => type.name)),
    textblocks: new Set(nodes.filter((type) => type.isTextblock).map((type) => type.name)),
    marks: new Set(Object.keys(schema.marks)),
  };
}

/** A reader's copy of a synced document. */
export interface ReadOnlyView {
  /** Bind the editor to this document, never to the synced one. */
  readonly doc: Y.Doc;
  /** Blocks, inline objects and marks replaced or removed because the editor cannot show them. */
  readonly unshown: number;
  /** Calls `listener` when {@link unshown} changes. */
  onUnshown(listener: (count: number) => void): Unsubscribe;
  /** Stops following the synced document and frees the copy. */
  destroy(): void;
}

/** Origin of the transactions that bring the synced document's updates into the copy. */
export const VIEW_FEED_ORIGIN = Symbol('read-only view feed');

/** y-tiptap stores a mark that may overlap itself as `name--<8-character hash>`. */
const HASHED_MARK = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

const markName = (attribute: string): string => HASHED_MARK.exec(attribute)?.[1] ?? attribute;

type Container = Y.XmlFragment | Y.XmlElement;

/** The Yjs item of a shared type (null for a root type, or for what is not a type). */
const itemOf = (type: unknown): Y.Item | null =>
  type instanceof Y.AbstractType ? type._item : null;

interface DeltaOp {
  readonly insert?: unknown;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** Placeholders of the copy, each with the id of the synced document's item it stands for. */
type StandIns = Map<Y.XmlElement, Y.ID>;

/**
 * Replaces, in the copy, what `known` cannot show among the content `transaction` brought:
 * children of the types it changed that are new in it (and, below them, everything new), and the
 * marks and embeds of texts it changed. Placeholders are recorded in `standIns`; returns how many
 * marks and embeds were removed.
 */
function replaceUnshown(
  transaction: Y.Transaction,
  root: Y.XmlFragment,
  known: KnownContent,
  standIns: StandIns,
): number {
  let count = 0;
  const isNew = (type: unknown): boolean => {
    const item = itemOf(type);
    return item !== null && item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
  };
  const inContent = (type: unknown): boolean => {
    for (let current: unknown = type; current instanceof Y.AbstractType;) {
      if (current === root) return true;
      current = itemOf(current)?.parent ?? null;
    }
    return false;
  };

  const checkText = (text: Y.Text): void => {
    const edits: Array<{ index: number; length: number; unknown: string[]; embed: boolean }> = [];
    let index = 0;
    for (const op of text.toDelta() as DeltaOp[]) {
      const embed = typeof op.insert !== 'string';
      const length = embed ? 1 : (op.insert as string).length;
      const unknown = Object.keys(op.attributes ?? {}).filter(
        (key) => !known.marks.has(markName(key)),
      );
      if (embed || unknown.length > 0) edits.push({ index, length, unknown, embed });
      index += length;
    }
    // From the end, so that earlier positions stay valid.
    for (const edit of edits.reverse()) {
      count += 1;
      if (edit.embed) text.delete(edit.index, edit.length);
      else
        text.format(
          edit.index,
          edit.length,
          Object.fromEntries(edit.unknown.map((k) => [k, null])),
        );
    }
  };

  const checkChildren = (parent: Container, onlyNew: boolean): void => {
    const inline = parent instanceof Y.XmlElement && known.textblocks.has(parent.nodeName);
    const children = parent.toArray();
    for (let i = 0; i < children.length; i++) {
      const child: unknown = children[i];
      if (onlyNew && !isNew(child)) continue;
      if (child instanceof Y.Text) {
        checkText(child);
      } else if (child instanceof Y.XmlElement && known.nodes.has(child.nodeName)) {
        checkChildren(child, false);
      } else {
        // An unknown element, or a type y-tiptap cannot read at all (an XmlHook): a placeholder.
        const original = itemOf(child);
        const placeholder = new Y.XmlElement(inline ? UNSHOWN_INLINE : UNSHOWN_BLOCK);
        parent.delete(i, 1);
        parent.insert(i, [placeholder]);
        if (original !== null) standIns.set(placeholder, original.id);
      }
    }
  };

  for (const type of [...transaction.changed.keys()]) {
    if (!inContent(type)) continue;
    if (type instanceof Y.Text) checkText(type);
    else if (type instanceof Y.XmlFragment || type instanceof Y.XmlElement)
      checkChildren(type, true);
  }
  return count;
}

/** Removes the placeholders whose content the synced document deleted since (or that went). */
function retireStandIns(source: Y.Doc, standIns: StandIns): void {
  for (const [placeholder, id] of standIns) {
    const item = placeholder._item;
    if (item === null || item.deleted) {
      standIns.delete(placeholder);
      continue;
    }
    let gone: boolean;
    try {
      gone = Y.getItem(source.store, id).deleted;
    } catch {
      gone = true;
    }
    if (!gone) continue;
    standIns.delete(placeholder);
    const parent = placeholder.parent;
    if (parent instanceof Y.XmlFragment || parent instanceof Y.XmlElement) {
      parent.delete(parent.toArray().indexOf(placeholder), 1);
    }
  }
}

/**
 * Opens a reader's copy of `source`'s `field` fragment (the document's text); the rest of the
 * document (its meta map) is copied too, so the copy is the document as the reader sees it.
 */
export function openReadOnlyView(
  source: Y.Doc,
  known: KnownContent,
  field: string = CONTENT_FIELD,
): ReadOnlyView {
  const doc = new Y.Doc();
  const root = doc.getXmlFragment(field);
  const listeners = new Listeners<number>();
  const standIns: StandIns = new Map();
  // Marks and embeds removed so far (a text keeps no trace of them to take back).
  let stripped = 0;
  let unshown = 0;
  const feed = (update: Uint8Array): void => {
    doc.transact((transaction) => {
      Y.applyUpdate(doc, update);
      stripped += replaceUnshown(transaction, root, known, standIns);
      retireStandIns(source, standIns);
      // applyUpdate marked the transaction remote; the placeholders are this copy's own items,
      // and Yjs takes its own client id showing up in a remote transaction for a clash (it
      // would log and pick a new id at every replacement).
      const ownBefore = transaction.beforeState.get(doc.clientID) ?? 0;
      if (Y.getState(doc.store, doc.clientID) !== ownBefore) transaction.local = true;
    }, VIEW_FEED_ORIGIN);
    const now = standIns.size + stripped;
    if (now === unshown) return;
    unshown = now;
    listeners.emit(unshown);
  };
  feed(Y.encodeStateAsUpdate(source));
  // Updates of the synced document, whoever made them; never the other way.
  const onUpdate = (update: Uint8Array): void => feed(update);
  source.on('update', onUpdate);
  return {
    doc,
    get unshown() {
      return unshown;
    },
    onUnshown: (listener) => listeners.add(listener),
    destroy() {
      source.off('update', onUpdate);
      listeners.clear();
      doc.destroy();
    },
  };
}
