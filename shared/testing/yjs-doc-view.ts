/**
 * A view of what a Y.Doc holds that does not depend on how Yjs happens to split or merge its
 * structs: every clock unit of every item, in document order per shared type, with its deleted
 * flag and its content. Two documents with equal views hold the same document, even when their
 * `encodeStateAsUpdate` bytes differ (struct boundaries can legitimately differ, e.g. after
 * an update whose origins disagree with the list order, see update-validator.fuzz.test.ts).
 */
import * as Y from 'yjs';

/** The view of a whole document: root types by name, plus what is pending (not integrated). */
export function documentView(doc: Y.Doc): string {
  const roots = [...doc.share.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, type]) => ({ name, type: typeView(type as Y.AbstractType<unknown>) }));
  const pending = doc.store.pendingStructs
    ? unitsOfStructs(Y.decodeUpdateV2(doc.store.pendingStructs.update).structs)
    : [];
  const pendingDeletes = doc.store.pendingDs
    ? deleteRanges(Y.decodeUpdateV2(doc.store.pendingDs).ds)
    : [];
  return stringify({ roots, pending, pendingDeletes });
}

interface TypeView {
  list: string[];
  map: Array<[string, string[]]>;
}

function typeView(type: Y.AbstractType<unknown>): TypeView {
  const list: string[] = [];
  for (let item = type._start; item !== null; item = item.right) list.push(...itemUnits(item));
  const map: Array<[string, string[]]> = [...type._map.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, last]) => {
      const units: string[] = [];
      for (let item: Y.Item | null = last; item !== null; item = item.left)
        units.unshift(...itemUnits(item));
      return [key, units];
    });
  return { list, map };
}

/** One entry per clock unit: id, deleted flag and the unit's content. */
function itemUnits(item: Y.Item): string[] {
  const { client, clock } = item.id;
  const content = item.content;
  const values: unknown[] =
    content instanceof Y.ContentType
      ? [typeView(content.type as Y.AbstractType<unknown>)]
      : content.getContent();
  const units: string[] = [];
  for (let i = 0; i < item.length; i++) {
    const value = values.length === item.length ? values[i] : values;
    units.push(stringify([client, clock + i, item.deleted, content.constructor.name, value]));
  }
  return units;
}

function unitsOfStructs(structs: Array<Y.Item | Y.GC | Y.Skip>): string[] {
  return structs.flatMap((struct) =>
    Array.from(
      { length: struct.length },
      (_, i) => `${struct.constructor.name}:${struct.id.client}:${struct.id.clock + i}`,
    ),
  );
}

type DeleteSet = ReturnType<typeof Y.decodeUpdateV2>['ds'];

function deleteRanges(ds: DeleteSet): string[] {
  return [...ds.clients].flatMap(([client, items]) =>
    items.map((item) => `${client}:${item.clock}+${item.len}`),
  );
}

/** JSON with bigints and byte arrays spelled out (JSON.stringify throws on bigints). */
function stringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint'
      ? `${v}n`
      : v instanceof Uint8Array
        ? `bytes:${Array.from(v).join(',')}`
        : v,
  );
}
