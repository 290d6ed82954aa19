/**
 * The parts of a document an update changed, as the room policy sees them, read from the
 * transaction the update made — sets, overwrites, deletions, changes deep inside a value — and
 * the verdict on them: in an index room the committee's profile is the chair's and the
 * secretariat's, the list of documents every writer's.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Role } from '../../shared/model/roles.js';
import { docWithClient } from '../../shared/testing/yjs-updates.js';
import { applyGuarded, touchedBy } from './guarded-apply.js';
import { updateFrom } from './testing/relay-harness.js';

const writer = (role: Role) => ({ role, userId: `u-${role}` });

/** What applying `update` to a copy of `base` touched. */
function touched(base: Y.Doc, update: Uint8Array) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const parts: ReturnType<typeof touchedBy> = [];
  doc.on('afterTransaction', (tr: Y.Transaction) => parts.push(...touchedBy(tr)));
  Y.applyUpdate(doc, update);
  return parts;
}

describe('touchedBy', () => {
  it('names the root and the key of a map entry set, replaced or deleted', () => {
    const author = docWithClient(1);
    const set = updateFrom(author, (d) => d.getMap('committee').set('name', 'Comité A'));
    expect(touched(new Y.Doc(), set)).toEqual([{ root: 'committee', key: 'name' }]);
    const base = new Y.Doc();
    Y.applyUpdate(base, Y.encodeStateAsUpdate(author));
    const replaced = updateFrom(author, (d) => d.getMap('committee').set('name', 'Comité B'));
    expect(touched(base, replaced)).toEqual([{ root: 'committee', key: 'name' }]);
    Y.applyUpdate(base, replaced);
    const deleted = updateFrom(author, (d) => d.getMap('committee').delete('name'));
    expect(touched(base, deleted)).toEqual([{ root: 'committee', key: 'name' }]);
  });

  it('names the root-level key of a change deep inside a value, and a text root by itself', () => {
    const author = docWithClient(2);
    updateFrom(author, (d) => {
      const inner = new Y.Map<unknown>();
      d.getMap('committee').set('profile', inner);
      inner.set('deep', new Y.Text('x'));
    });
    const base = new Y.Doc();
    Y.applyUpdate(base, Y.encodeStateAsUpdate(author));
    const deep = updateFrom(author, (d) =>
      ((d.getMap('committee').get('profile') as Y.Map<Y.Text>).get('deep') as Y.Text).insert(
        0,
        'y',
      ),
    );
    expect(touched(base, deep)).toEqual([{ root: 'committee', key: 'profile' }]);
    Y.applyUpdate(base, deep);
    const text = updateFrom(author, (d) => d.getText('notes').insert(0, 'n'));
    expect(touched(base, text)).toEqual([{ root: 'notes', key: null }]);
  });
});

describe('applyGuarded in an index room', () => {
  it('lets every writer change the list of documents, only the chair and the secretariat the profile', () => {
    // Two writers' first updates: each applies on its own.
    const listing = updateFrom(docWithClient(3), (d) =>
      d
        .getMap('documents')
        .set('charte', { title: 'Charte', kind: 'charte', archived: false, updatedAt: 1 }),
    );
    const rename = updateFrom(docWithClient(7), (d) =>
      d.getMap('committee').set('name', 'Comité des partenaires'),
    );
    for (const role of ['member', 'chair', 'secretariat'] as const)
      expect(applyGuarded(new Y.Doc(), listing, 'index', writer(role))).toEqual({
        applied: 'changed',
      });
    for (const role of ['chair', 'secretariat'] as const)
      expect(applyGuarded(new Y.Doc(), rename, 'index', writer(role))).toEqual({
        applied: 'changed',
      });
    expect(applyGuarded(new Y.Doc(), rename, 'index', writer('member'))).toEqual({
      refused:
        'role "member" may not change "committee" in this room (reserved to chair, secretariat); the change was not applied',
    });
    // Both in one update: the part reserved decides.
    const both = Y.mergeUpdates([listing, rename]);
    expect(applyGuarded(new Y.Doc(), both, 'index', writer('member'))).toHaveProperty('refused');
    // The same change in a content room is nobody's business but the room's access.
    expect(applyGuarded(new Y.Doc(), rename, 'content', writer('member'))).toEqual({
      applied: 'changed',
    });
  });

  it('refuses a deletion of the name by a member, and an update it cannot integrate yet', () => {
    const chair = docWithClient(4);
    const named = updateFrom(chair, (d) => d.getMap('committee').set('name', 'Comité'));
    const room = new Y.Doc();
    Y.applyUpdate(room, named);
    const member = docWithClient(5);
    Y.applyUpdate(member, named);
    const erase = updateFrom(member, (d) => d.getMap('committee').delete('name'));
    expect(applyGuarded(room, erase, 'index', writer('member'))).toHaveProperty('refused');

    // An update whose predecessor the relay never got: held back by Yjs, so refused here.
    const later = docWithClient(6);
    updateFrom(later, (d) => d.getMap('documents').set('a', 1));
    const second = updateFrom(later, (d) => d.getMap('committee').set('name', 'Pris'));
    expect(applyGuarded(new Y.Doc(), second, 'index', writer('chair'))).toEqual({
      refused: 'the update depends on changes the relay does not have; not applied',
    });
  });
});
