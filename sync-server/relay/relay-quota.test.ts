/**
 * [Hardening 3] The workspace quota and review rooms of documents that exist, in the relay
 * core: real relay, real memory store, clients on recording sockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeSyncStep1, encodeSyncUpdate } from '../../shared/protocol/messages.js';
import { docWithClient } from '../../shared/testing/yjs-updates.js';
import { FlakyStore, RelayHarness, updateFrom } from './testing/relay-harness.js';

let h: RelayHarness;
afterEach(async () => {
  await h.close();
});

let nextClient = 100;
/** An update inserting `size` characters (a little more once encoded). */
function chunk(size: number): Uint8Array {
  const doc = docWithClient(nextClient++);
  return updateFrom(doc, (d) => d.getText('content').insert(0, 'x'.repeat(size)));
}

async function bytesOf(workspace: string): Promise<number> {
  return h.store.workspaceBytes(workspace);
}

describe('the workspace quota', () => {
  it('refuses the update that would pass it with 4507, across documents; what was stored stays', async () => {
    h = new RelayHarness({ limits: { maxWorkspaceBytes: 2000 } });
    const stored: Uint8Array[] = [];
    let refusedAt = -1;
    for (let doc = 0; doc < 20 && refusedAt < 0; doc++) {
      const writer = await h.join('member', { room: `comite/doc-${doc}`, userId: `m${doc}` });
      const update = chunk(180);
      writer.send(encodeSyncUpdate(update));
      await h.settle();
      if (writer.socket.closed === null) stored.push(update);
      else {
        expect(writer.socket.closed).toEqual({
          code: 4507,
          reason: 'workspace storage quota reached, nothing more is stored',
        });
        refusedAt = doc;
      }
    }
    expect(refusedAt).toBeGreaterThan(5);
    const used = await bytesOf('comite');
    expect(used).toBeLessThanOrEqual(2000);
    expect(used).toBe(stored.reduce((sum, u) => sum + u.length, 0));
    for (let doc = 0; doc < refusedAt; doc++)
      expect((await h.store.load(`comite/doc-${doc}`)).updates).toHaveLength(1);
    expect((await h.store.load(`comite/doc-${refusedAt}`)).updates).toEqual([]);
    expect(h.metrics.refusals.get({ reason: 'workspace-full' })).toBe(1);
  });

  it('leaves reads of the full workspace and writes of other workspaces unaffected', async () => {
    h = new RelayHarness({ limits: { maxWorkspaceBytes: 500 } });
    const first = await h.join('member', { room: 'comite/charte', userId: 'a' });
    const text = chunk(300);
    first.send(encodeSyncUpdate(text));
    await h.settle();
    first.send(encodeSyncUpdate(chunk(300)));
    await h.settle();
    expect(first.socket.closed?.code).toBe(4507);
    // A reader of the full workspace gets the stored text.
    const reader = await h.join('observer', { room: 'comite/charte', userId: 'r' });
    reader.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await h.settle();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, reader.receivedOf('step2')[0]!.payload);
    expect(doc.getText('content').length).toBe(300);
    // Another workspace has its own quota.
    const other = await h.join('member', { room: 'autre/charte', userId: 'b' });
    other.send(encodeSyncUpdate(chunk(300)));
    await h.settle();
    expect(other.socket.closed).toBeNull();
    expect(await bytesOf('autre')).toBeGreaterThan(300);
  });

  it('counts bytes of a failed commit back, so the workspace is not full of nothing', async () => {
    const store = new FlakyStore();
    h = new RelayHarness({ store, limits: { maxWorkspaceBytes: 1000 } });
    const writer = await h.join('member', { room: 'comite/charte' });
    store.failAppends = true;
    writer.send(encodeSyncUpdate(chunk(600)));
    await h.settle();
    expect(writer.socket.closed?.code).toBe(4500);
    store.failAppends = false;
    const again = await h.join('member', { room: 'comite/charte', userId: 'again' });
    again.send(encodeSyncUpdate(chunk(600)));
    await h.settle();
    expect(again.socket.closed).toBeNull();
    expect((await h.store.load('comite/charte')).updates).toHaveLength(1);
  });

  it('reads what another process stored when a room loads', async () => {
    h = new RelayHarness({ limits: { maxWorkspaceBytes: 1000 } });
    // Written by another relay process sharing the store.
    await h.store.append([{ room: 'comite/ailleurs', data: chunk(900) }]);
    const writer = await h.join('member', { room: 'comite/charte' });
    writer.send(encodeSyncUpdate(chunk(200)));
    await h.settle();
    expect(writer.socket.closed?.code).toBe(4507);
  });

  it('lets a redundant update through at the limit (a reconnecting client adds nothing)', async () => {
    h = new RelayHarness({ limits: { maxWorkspaceBytes: 400 } });
    const writer = await h.join('member', { room: 'comite/charte', userId: 'a' });
    const update = chunk(300);
    writer.send(encodeSyncUpdate(update));
    await h.settle();
    const back = await h.join('member', { room: 'comite/charte', userId: 'a2', wantsAck: true });
    back.send(encodeSyncUpdate(update));
    await h.settle();
    expect(back.socket.closed).toBeNull();
    expect(back.receivedOf('ack')).toEqual([{ kind: 'ack', count: 1 }]);
  });
});

describe('a review room', () => {
  const review = 'comite/charte/_review';

  it('of a document that does not exist is never written: 4404, nothing stored', async () => {
    h = new RelayHarness();
    const reviewer = await h.join('reviewer', { room: 'comite/inexistant/_review' });
    reviewer.send(encodeSyncUpdate(chunk(50)));
    await h.settle();
    expect(reviewer.socket.closed).toEqual({ code: 4404, reason: 'document does not exist' });
    expect(await h.store.hasRoom('comite/inexistant/_review')).toBe(false);
    expect(await bytesOf('comite')).toBe(0);
  });

  it('is written once its document exists, created here in the same commit or by another process', async () => {
    h = new RelayHarness();
    const member = await h.join('member', { room: 'comite/charte' });
    const reviewer = await h.join('reviewer', { room: review });
    // Offline creation: the document and its first comment reach the relay together.
    member.send(encodeSyncUpdate(chunk(10)));
    reviewer.send(encodeSyncUpdate(chunk(5)));
    await h.settle();
    expect(reviewer.socket.closed).toBeNull();
    expect((await h.store.load(review)).updates).toHaveLength(1);

    await h.store.append([{ room: 'comite/ailleurs', data: chunk(10) }]);
    const other = await h.join('reviewer', { room: 'comite/ailleurs/_review', userId: 'r2' });
    other.send(encodeSyncUpdate(chunk(5)));
    await h.settle();
    expect(other.socket.closed).toBeNull();
    expect((await h.store.load('comite/ailleurs/_review')).updates).toHaveLength(1);
  });

  it('still serves readers of a review room whose document does not exist', async () => {
    h = new RelayHarness();
    const reader = await h.join('observer', { room: 'comite/inexistant/_review' });
    reader.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await h.settle();
    expect(reader.receivedOf('step2')).toHaveLength(1);
    expect(reader.socket.closed).toBeNull();
  });
});
