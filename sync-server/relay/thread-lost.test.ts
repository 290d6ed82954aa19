/**
 * The documents' thread dies (a crash, an out-of-memory error): the rooms whose doc it held are
 * closed with 4500, what was acknowledged stays stored, what was not is resent by the client
 * after it reconnects, and the next client of the room gets a doc rebuilt from storage by a
 * fresh thread. The thread's own code is the relay's, with a line in front that ends the thread
 * when it is asked to judge anything in the room `comite/crash`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { encodeSyncStep1, encodeSyncUpdate } from '../../shared/protocol/messages.js';
import { docWithClient } from '../../shared/testing/yjs-updates.js';
import { DocThread } from './doc-thread.js';
import { DOC_THREAD_SOURCE } from './doc-thread-worker.js';
import { RelayHarness, until, updateFrom } from './testing/relay-harness.js';

/** Thread code that ends the thread when asked to `op` (judge, open) in `comite/crash`. */
function diesOnCrashRoom(op: 'judge' | 'open'): string {
  return `
require('node:worker_threads').parentPort.on('message', (request) => {
  if (request.op === '${op}' && request.room === 'comite/crash') process.exit(9);
});
${DOC_THREAD_SOURCE}`;
}

const harnesses: RelayHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

function harness(diesOn: 'judge' | 'open'): RelayHarness {
  const h = new RelayHarness({
    docThread: new DocThread({ source: diesOnCrashRoom(diesOn) }),
    limits: { threadDocBytes: 0 }, // every content room's doc in the thread
  });
  harnesses.push(h);
  return h;
}

function storedText(updates: readonly Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc.getText('content').toString();
}

describe('a documents thread that dies', () => {
  it('closes its rooms with 4500, keeps what was acknowledged, and serves them again from storage', async () => {
    const h = harness('judge');
    const author = await h.join('member', { wantsAck: true, userId: 'a' });
    const doc = docWithClient(71);
    const first = updateFrom(doc, (d) => d.getText('content').insert(0, 'Article 1er – Objet'));
    author.send(encodeSyncUpdate(first));
    await h.settle();
    expect(author.receivedOf('ack')).toEqual([{ kind: 'ack', count: 1 }]);
    expect(h.metrics.render()).toMatch(/^entente_rooms_in_doc_thread 1$/m);

    // An edit of the charter and one of the crashing room arrive together.
    const crasher = await h.join('member', { room: 'comite/crash', userId: 'c' });
    const second = updateFrom(doc, (d) => d.getText('content').insert(0, 'Titre. '));
    author.clear();
    author.send(encodeSyncUpdate(second));
    crasher.send(
      encodeSyncUpdate(updateFrom(docWithClient(72), (d) => d.getText('content').insert(0, 'x'))),
    );
    await until(() => author.socket.closed !== null, 'the charter closed');
    for (const c of [author, crasher])
      expect(c.socket.closed?.code).toBe(CloseCode.StorageUnavailable);
    await h.settle();
    expect(h.relay.roomCount).toBe(0);

    // Acknowledged means stored; whatever was not acknowledged, the client resends on return.
    const stored = await h.store.load('comite/charte');
    // Counts are cumulative: the first `count` updates of this connection.
    const acked = Math.max(1, ...author.receivedOf('ack').map((a) => a.count));
    expect(stored.updates.length).toBeGreaterThanOrEqual(acked);
    expect(storedText(stored.updates.map((u) => u.data))).toMatch(/Article 1er – Objet$/);

    const back = await h.join('member', { wantsAck: true, userId: 'a' });
    back.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    back.send(encodeSyncUpdate(Y.encodeStateAsUpdate(doc)));
    await h.settle();
    const step2 = back.receivedOf('step2');
    expect(step2).toHaveLength(1);
    expect(storedText([step2[0]!.payload])).toMatch(/Article 1er – Objet$/);
    const after = await h.store.load('comite/charte');
    expect(storedText(after.updates.map((u) => u.data))).toBe('Titre. Article 1er – Objet');

    // A reader who comes later gets the whole text from the fresh thread.
    const reader = await h.join('observer', { userId: 'r' });
    reader.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await h.settle();
    const full = reader.receivedOf('step2');
    expect(storedText(full.map((f) => f.payload))).toBe('Titre. Article 1er – Objet');
    expect(h.metrics.render()).toMatch(/^entente_rooms_in_doc_thread 1$/m);
    expect(h.logRecords()).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'room load failed' }),
    );
  });

  it('fails the loads it had in hand, and the rooms it held, alike', async () => {
    const h = harness('open');
    const author = await h.join('member', { wantsAck: true, userId: 'a' });
    author.send(
      encodeSyncUpdate(
        updateFrom(docWithClient(73), (d) => d.getText('content').insert(0, 'Préambule')),
      ),
    );
    await h.settle();
    expect(author.receivedOf('ack')).toEqual([{ kind: 'ack', count: 1 }]);
    const crasher = h.connect('member', { room: 'comite/crash', userId: 'c' });
    await until(() => crasher.socket.closed !== null, 'the crashing room closed');
    expect(crasher.socket.closed?.code).toBe(CloseCode.StorageUnavailable);
    expect(crasher.socket.frames).toEqual([]);
    await until(() => author.socket.closed !== null, 'the charter closed');
    expect(author.socket.closed?.code).toBe(CloseCode.StorageUnavailable);
    const back = await h.join('observer', { userId: 'r' });
    back.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await h.settle();
    expect(storedText(back.receivedOf('step2').map((f) => f.payload))).toBe('Préambule');
  });
});
