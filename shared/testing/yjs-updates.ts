/**
 * Real Yjs updates (v1) of every kind a client can send, produced by real edits on documents
 * with fixed client ids so that tests are reproducible byte for byte. Used by the update
 * validator's tests; anything needing "a realistic update" may reuse them.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** A named update, for test titles. */
export interface NamedUpdate {
  /** What the update contains. */
  readonly name: string;
  /** The update bytes (v1). */
  readonly update: Uint8Array;
}

/**
 * A document with a fixed client id. `gc: false` keeps deleted content, as documents with
 * version snapshots do (y-prosemirror needs it for snapshots).
 */
export function docWithClient(clientID: number, options: { gc?: boolean } = {}): Y.Doc {
  const doc = new Y.Doc(options);
  doc.clientID = clientID;
  return doc;
}

/** Runs `edit` on a fresh document and returns every update it emitted, plus its full state. */
function record(
  name: string,
  clientID: number,
  edit: (doc: Y.Doc) => void,
  options: { gc?: boolean } = {},
): NamedUpdate[] {
  const doc = docWithClient(clientID, options);
  const updates: NamedUpdate[] = [];
  doc.on('update', (update: Uint8Array) => {
    updates.push({ name: `${name} #${updates.length + 1}`, update });
  });
  edit(doc);
  return [...updates, { name: `${name} (state)`, update: Y.encodeStateAsUpdate(doc) }];
}

/** Every `any` value kind lib0 encodes (see lib0/encoding.js `writeAny`). */
export const ANY_VALUES: Readonly<Record<string, unknown>> = {
  undefinedValue: undefined,
  nullValue: null,
  trueValue: true,
  falseValue: false,
  smallInt: 42,
  negativeInt: -7,
  int31: 2 ** 31 - 1,
  bigIntLikeNumber: 2 ** 40,
  float32: 0.5,
  float64: Math.PI,
  bigint: 2n ** 62n,
  string: 'é — 🙂 \uFEFF',
  emptyString: '',
  array: [1, 'two', [3, [4]], { five: 5 }],
  object: { nested: { deeper: { deepest: [null, true, new Uint8Array([1, 2, 3])] } } },
  bytesInArray: [new Uint8Array([0, 255])],
};

function textEdits(doc: Y.Doc): void {
  const text = doc.getText('text');
  text.insert(0, 'Hello world');
  text.format(0, 5, { bold: true });
  text.insert(5, ', dear', {
    italic: true,
    link: { href: 'https://example.org', rel: ['a', 'b'] },
  });
  text.insertEmbed(3, { image: 'x.png', size: [3, 4] });
  text.delete(1, 2);
  text.insert(0, 'Ünïcödé 🙂👍🏽 \uFEFF');
  text.format(2, 6, { bold: null });
}

function mapEdits(doc: Y.Doc): void {
  const map = doc.getMap('map');
  for (const [key, value] of Object.entries(ANY_VALUES)) map.set(key, value);
  map.set('binary', new Uint8Array([9, 8, 7]));
  map.set('smallInt', 43); // overwrite: the old entry becomes deleted
  map.delete('string');
}

function nestedEdits(doc: Y.Doc): void {
  const array = doc.getArray<unknown>('array');
  const innerMap = new Y.Map<unknown>();
  const innerText = new Y.Text('inner');
  const innerArray = new Y.Array<unknown>();
  array.insert(0, [1, 'a', innerMap, innerArray]);
  innerMap.set('text', innerText);
  innerMap.set('list', Y.Array.from([1, 2, 3]));
  innerArray.push([{ a: 1 }, [2]]);
  innerText.insert(5, ' text', { bold: true });
  array.delete(0, 1);
  // Replacing a type with content makes its children garbage-collected (GC structs).
  innerMap.set('list', 'gone');
}

function xmlEdits(doc: Y.Doc): void {
  const fragment = doc.getXmlFragment('prosemirror');
  const paragraph = new Y.XmlElement('paragraph');
  const heading = new Y.XmlElement('heading');
  const text = new Y.XmlText();
  const hook = new Y.XmlHook('custom-hook');
  // Yjs's typings omit XmlHook from XmlFragment children, but Yjs supports it (y-prosemirror
  // does not use hooks; Entente must still accept what Yjs itself can produce).
  fragment.insert(0, [heading, paragraph, hook as unknown as Y.XmlElement]);
  heading.setAttribute('level', '2');
  heading.insert(0, [new Y.XmlText('Title')]);
  paragraph.insert(0, [text]);
  text.insert(0, 'Body text', { strong: {} });
  text.insertEmbed(4, { mention: 'someone' });
  hook.set('data', { x: 1 });
  paragraph.setAttribute('align', 'left');
  fragment.delete(0, 1);
}

/**
 * Overwrites and deletions in one transaction and across several: Yjs merges the deleted map
 * entries into structs of several units, which the validator must accept when deleted.
 */
function overwriteEdits(doc: Y.Doc): void {
  const map = doc.getMap<unknown>('map');
  const paragraph = new Y.XmlElement('paragraph');
  doc.getXmlFragment('prosemirror').insert(0, [paragraph]);
  for (let i = 0; i < 4; i++) {
    map.set('k', i);
    paragraph.setAttribute('align', i % 2 === 0 ? 'left' : 'right');
  }
  doc.transact(() => {
    for (let i = 0; i < 3; i++) map.set('t', { i });
  });
  map.delete('k');
  doc.getText('text').insert(0, 'abcdef');
  doc.getText('text').delete(1, 3);
}

/** Two peers editing concurrently, then exchanging states. */
function concurrentUpdates(): NamedUpdate[] {
  const a = docWithClient(101);
  const b = docWithClient(202);
  a.getText('text').insert(0, 'from a');
  b.getText('text').insert(0, 'from b');
  b.getMap('map').set('k', 'b');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  a.getText('text').delete(2, 6);
  const diff = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  return [
    { name: 'concurrent: full state', update: Y.encodeStateAsUpdate(a) },
    { name: 'concurrent: diff for peer', update: diff },
  ];
}

/** Merged updates, and merges with gaps (which contain Skip structs). */
function mergedUpdates(): NamedUpdate[] {
  const parts = record('parts', 303, (doc) => {
    const text = doc.getText('text');
    text.insert(0, 'one ');
    text.insert(4, 'two ');
    text.insert(8, 'three ');
    doc.getMap('map').set('x', 1);
    text.delete(0, 2);
  }).map((entry) => entry.update);
  const [first, second, third, fourth, fifth] = parts as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];
  const sv = Y.encodeStateVectorFromUpdate(Y.mergeUpdates([first, second]));
  return [
    { name: 'merged: all', update: Y.mergeUpdates([first, second, third, fourth, fifth]) },
    { name: 'merged with gap (skip)', update: Y.mergeUpdates([first, third]) },
    { name: 'merged with two gaps (skips)', update: Y.mergeUpdates([first, third, fifth]) },
    { name: 'diffUpdate', update: Y.diffUpdate(Y.mergeUpdates(parts), sv) },
  ];
}

/** An update whose only content is a delete set (no structs). */
function deleteOnlyUpdate(): NamedUpdate {
  const doc = docWithClient(404);
  doc.getText('text').insert(0, 'abcdef');
  let deleteUpdate: Uint8Array | null = null;
  doc.on('update', (update: Uint8Array) => {
    deleteUpdate = update;
  });
  doc.getText('text').delete(1, 3);
  return { name: 'delete only', update: deleteUpdate ?? new Uint8Array() };
}

/**
 * Legacy JSON content (content ref 2), which current Yjs still reads but no longer writes:
 * one item in root array `legacy` holding an object and the bare word `undefined`.
 */
export function legacyJsonUpdate(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // one client block
  encoding.writeVarUint(e, 1); // one struct
  encoding.writeVarUint(e, 505); // client
  encoding.writeVarUint(e, 0); // first clock
  encoding.writeUint8(e, 2); // info: JSON content, no origins, no parent key
  encoding.writeVarUint(e, 1); // parent is a root type…
  encoding.writeVarString(e, 'legacy'); // …named "legacy"
  encoding.writeVarUint(e, 2); // two JSON values
  encoding.writeVarString(e, '{"a":[1,2]}');
  encoding.writeVarString(e, 'undefined');
  encoding.writeVarUint(e, 0); // empty delete set
  return encoding.toUint8Array(e);
}

/** About 30 real updates covering every struct and content kind Entente can meet. */
export function realUpdates(): NamedUpdate[] {
  return [
    ...record('text', 11, textEdits),
    ...record('map', 12, mapEdits),
    ...record('nested types', 13, nestedEdits),
    ...record('xml', 14, xmlEdits),
    ...record('overwrites', 15, overwriteEdits).slice(-3),
    ...record('overwrites without gc', 16, overwriteEdits, { gc: false }).slice(-3),
    ...concurrentUpdates(),
    ...mergedUpdates(),
    deleteOnlyUpdate(),
    { name: 'legacy JSON content', update: legacyJsonUpdate() },
    { name: 'empty doc', update: Y.encodeStateAsUpdate(new Y.Doc()) },
  ];
}

/**
 * A real update of at least `minBytes` with many structs (not one long string): map entries of
 * every value kind, some overwritten (deletes), words appended to a text with occasional
 * formatting and deletions, and a new client id now and then (as when the editor is reopened).
 * NOTE: edits stay cheap for Yjs on purpose: random-position inserts, frequent formatting or
 * many deletions in one long text are quadratic in Yjs and would take minutes at this size.
 */
export function largeRealUpdate(minBytes: number): Uint8Array {
  const doc = docWithClient(606);
  const text = doc.getText('text');
  const map = doc.getMap<unknown>('map');
  const values = Object.values(ANY_VALUES);
  let update: Uint8Array = new Uint8Array();
  for (let round = 0; update.length < minBytes; round++) {
    for (let i = 0; i < 10_000; i++) {
      const key = `k${round}-${i}`;
      map.set(key, values[i % values.length]);
      if (i % 4 === 0) map.set(key, { replaced: i });
      if (i % 10 === 0) text.insert(text.length, `word${i} `, i % 100 === 0 ? { bold: true } : {});
      if (i % 200 === 0) text.delete(text.length - 3, 1);
      if (i % 997 === 0) doc.clientID += 1;
    }
    update = Y.encodeStateAsUpdate(doc);
  }
  return update;
}

/**
 * A pair that makes Yjs throw: `stored` holds client 1's clocks 0–2 as garbage-collected
 * structs; `poison` claims the same ids as text in `content` — valid alone (the validator
 * accepts it), contradicting what is stored once applied after it.
 */
export function poisonPair(): { readonly stored: Uint8Array; readonly poison: Uint8Array } {
  const e = encoding.createEncoder();
  for (const n of [1, 1, 1, 0]) encoding.writeVarUint(e, n);
  encoding.writeUint8(e, 4);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, 'content');
  encoding.writeVarString(e, 'abcde');
  encoding.writeVarUint(e, 0);
  return { stored: Uint8Array.of(1, 1, 1, 0, 0, 3, 0), poison: encoding.toUint8Array(e) };
}
