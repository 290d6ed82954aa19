/**
 * The room policy at the relay, in a committee's index room: the chair and the secretariat
 * name the committee, members keep listing documents, and a member's change of the name —
 * alone or in the same burst as their legitimate edits — is refused before anything of it is
 * stored or relayed, while what they sent after it is judged on a doc rebuilt from storage.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeSyncStep1, encodeSyncUpdate } from '../../shared/protocol/messages.js';
import { readCommitteeName } from '../../shared/schema/committee-profile.js';
import { docWithClient } from '../../shared/testing/yjs-updates.js';
import { RelayHarness, updateFrom } from './testing/relay-harness.js';

const INDEX = 'comite/_index';
const harnesses: RelayHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

function harness(): RelayHarness {
  const h = new RelayHarness();
  harnesses.push(h);
  return h;
}

async function storedDoc(h: RelayHarness): Promise<Y.Doc> {
  const stored = await h.store.load(INDEX);
  const doc = new Y.Doc();
  if (stored.snapshot !== null) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u.data);
  return doc;
}

describe('the policy of an index room', () => {
  it('the chair names the committee; a member cannot rename or erase it, and still lists documents', async () => {
    const h = harness();
    const chair = await h.join('chair', { room: INDEX, userId: 'chair', wantsAck: true });
    const member = await h.join('member', { room: INDEX, userId: 'member', wantsAck: true });
    const chairDoc = docWithClient(81);
    chair.send(
      encodeSyncUpdate(
        updateFrom(chairDoc, (d) => d.getMap('committee').set('name', 'Comité des partenaires')),
      ),
    );
    await h.settle();
    expect(member.receivedOf('update')).toHaveLength(1);
    const memberDoc = docWithClient(82);
    Y.applyUpdate(memberDoc, member.receivedOf('update')[0]!.payload);
    chair.clear();
    member.clear();

    // In one burst: a listing, the name erased, another listing.
    const first = updateFrom(memberDoc, (d) =>
      d.getMap('documents').set('charte', { title: 'Charte' }),
    );
    const erase = updateFrom(memberDoc, (d) => d.getMap('committee').delete('name'));
    const other = docWithClient(83);
    const second = updateFrom(other, (d) => d.getMap('documents').set('ordre', { title: 'Ordre' }));
    member.send(encodeSyncUpdate(first));
    member.send(encodeSyncUpdate(erase));
    member.send(encodeSyncUpdate(second));
    await h.settle();
    await h.settle();

    const auth = member.receivedOf('auth');
    expect(auth).toEqual([
      {
        kind: 'auth',
        reason:
          'role "member" may not change "committee" in this room (reserved to chair, secretariat); the change was not applied',
      },
    ]);
    // The chair got both listings, never the erasure.
    const relayed = chair.receivedOf('update').map((f) => f.payload);
    expect(relayed).toEqual([first, second]);
    const stored = await storedDoc(h);
    expect(readCommitteeName(stored)).toBe('Comité des partenaires');
    expect([...stored.getMap('documents').keys()].sort()).toEqual(['charte', 'ordre']);
    // Every message counted as handled: the member's app stops resending them.
    expect(Math.max(...member.receivedOf('ack').map((a) => a.count))).toBe(3);
    expect(h.metrics.refusals.get({ reason: 'policy' })).toBe(1);

    // The relay's own doc was rebuilt: a newcomer gets the name and both listings.
    const reader = await h.join('observer', { room: INDEX, userId: 'reader' });
    reader.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await h.settle();
    const fresh = new Y.Doc();
    for (const f of reader.receivedOf('step2')) Y.applyUpdate(fresh, f.payload);
    expect(readCommitteeName(fresh)).toBe('Comité des partenaires');
    expect([...fresh.getMap('documents').keys()].sort()).toEqual(['charte', 'ordre']);
  });

  it('the secretariat renames it; a member sending a name is refused', async () => {
    const h = harness();
    const secretariat = await h.join('secretariat', { room: INDEX, userId: 'sec' });
    const member = await h.join('member', { room: INDEX, userId: 'member' });
    secretariat.send(
      encodeSyncUpdate(
        updateFrom(docWithClient(84), (d) => d.getMap('committee').set('name', 'Comité A')),
      ),
    );
    await h.settle();
    member.send(
      encodeSyncUpdate(
        updateFrom(docWithClient(85), (d) => d.getMap('committee').set('name', 'Pris')),
      ),
    );
    await h.settle();
    await h.settle();
    expect(member.receivedOf('auth')).toHaveLength(1);
    expect(readCommitteeName(await storedDoc(h))).toBe('Comité A');
  });
});
