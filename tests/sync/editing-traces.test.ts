/**
 * The real concurrent editing traces in ../shared/fixtures/editing-traces replay through two
 * replicas synced by the relay and end exactly at their endContent.
 *
 * Approach, concurrent traces (`friendsforever`, 2 agents; `clownschool`, 3 agents):
 * 1. Typing, offline and causal (`replayCausally`): one typist replica per agent; before agent
 *    A's transaction with parents P, A's replica is brought to exactly the merged state of P (the
 *    trace's semantics: positions are relative to the typist's version), the patches are applied
 *    in code points, and the Yjs update the transaction produced is recorded. Delivery to the
 *    typist replicas must be controlled to the transaction, which a live socket cannot do.
 * 2. Syncing, live through a real relay process (`pushCausally`): one stock `WebsocketProvider`
 *    per agent, each on its own Y.Doc. An agent sends its next transactions (batched) as soon as
 *    its network replica has received *through the relay* every transaction of the others that
 *    the typist had seen; the others keep typing meanwhile, so each replica integrates its own
 *    edits concurrently with edits it already holds and the relay merges interleaved concurrent
 *    updates from all agents. Every replica must then equal endContent, and so must a fresh
 *    client of the relay restarted on the same storage.
 * Sequential traces (`automerge-paper`, `seph-blog1`): typed into one client, 500 trace
 * transactions per Yjs transaction (one update, one message); a second live client and a fresh
 * client after a relay restart must hold endContent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eventually, stockClient, synced, type StockClient } from '../support/clients.js';
import {
  describeWithFixtures,
  readConcurrentTrace,
  readSequentialTrace,
} from '../support/fixtures.js';
import { removeDir, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { token } from '../support/tokens.js';
import { pushCausally } from './causal-push.js';
import { CodePointText } from './code-point-text.js';
import { mergedText, replayCausally, typeSequential } from './trace-replay.js';

const ROOM = 'comite/editing-trace';
const SEQUENTIAL_PER_TRANSACTION = 500;
const CONCURRENT_MAX_BATCH = 500;

let relay: RelayProcess | undefined;
const clients: StockClient[] = [];
let closes = 0;

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await relay?.stop('SIGKILL');
  if (relay !== undefined) removeDir(relay.dataDir);
  relay = undefined;
});

function connect(sub: string, doc?: Y.Doc): StockClient {
  if (relay === undefined) throw new Error('relay not started');
  const client = stockClient(relay.url, ROOM, { token: token({ sub, role: 'member' }) }, doc);
  client.provider.on('connection-close', () => {
    closes += 1;
  });
  clients.push(client);
  return client;
}

const textOf = (c: StockClient): string => c.doc.getText('content').toString();

/** Restarts the relay on its storage; a fresh client must load `expected`. */
async function expectStoredAfterRestart(expected: string): Promise<void> {
  if (relay === undefined) throw new Error('relay not started');
  for (const c of clients.splice(0)) c.destroy();
  const { dataDir, port } = relay;
  expect(await relay.stop('SIGTERM')).toBe(0);
  relay = await startRelayProcess({ dataDir, port });
  const fresh = connect('late-reader');
  await synced(fresh);
  expect(textOf(fresh) === expected).toBe(true);
}

describe('code points to UTF-16 (no fixtures needed)', () => {
  it('splices around surrogate pairs and keeps positions after remote changes', () => {
    const doc = new Y.Doc();
    const text = new CodePointText(doc.getText('content'));
    text.splice(0, 0, 'a😀b');
    text.splice(2, 0, '🎉');
    expect(doc.getText('content').toString()).toBe('a😀🎉b');
    text.splice(1, 2, 'x');
    expect(doc.getText('content').toString()).toBe('axb');
    doc.getText('content').insert(0, '🙂');
    text.resync();
    text.splice(2, 1, '');
    expect(doc.getText('content').toString()).toBe('🙂ab');
    expect(text.length).toBe(3);
    expect(() => text.splice(3, 1, '')).toThrow(/outside/);
  });
});

describeWithFixtures(
  'editing traces through the relay',
  () => {
    describe.each(['friendsforever', 'clownschool'])('concurrent trace %s', (name) => {
      it('replays causally, one stock client per agent, and every replica and the relay end at endContent', async () => {
        const started = Date.now();
        const trace = readConcurrentTrace(name);
        const replay = replayCausally(trace);
        // Yjs itself, without the network: the merge of all typists' updates.
        expect(mergedText(replay) === trace.endContent).toBe(true);
        const typed = Date.now();

        closes = 0;
        relay = await startRelayProcess();
        const agents = Array.from({ length: trace.numAgents }, (_, agent) =>
          connect(`agent-${agent}`),
        );
        await Promise.all(agents.map((c) => synced(c)));
        const stats = await pushCausally(
          replay,
          agents.map((c) => c.doc),
          CONCURRENT_MAX_BATCH,
        );
        await eventually(
          () => agents.every((c) => textOf(c).length === trace.endContent.length),
          60_000,
          'every replica to converge',
        );
        for (const c of agents) expect(textOf(c) === trace.endContent).toBe(true);
        expect(closes).toBe(0);
        // The run did merge concurrent edits on the replicas, not only take turns.
        expect(stats.concurrentSends).toBeGreaterThan(0);
        const synced_ = Date.now();

        await expectStoredAfterRestart(trace.endContent);
        console.info(
          `[editing-traces] ${name}: ${trace.txns.length} txns, ${trace.numAgents} agents; ` +
            `${stats.concurrentSends} sends concurrent with received edits; ` +
            `typed offline in ${typed - started} ms; ${stats.messages.join('+')} messages, ` +
            `${stats.waits} waits for the relay, synced in ${synced_ - typed} ms; ` +
            `restart check ${Date.now() - synced_} ms`,
        );
      });
    });

    describe.each(['automerge-paper', 'seph-blog1'])('sequential trace %s', (name) => {
      it('typed into one client, reaches a second client and a restarted relay at endContent', async () => {
        const started = Date.now();
        const trace = readSequentialTrace(name);
        closes = 0;
        relay = await startRelayProcess();
        const writer = connect('writer');
        const reader = connect('reader');
        await Promise.all([synced(writer), synced(reader)]);
        const updates = typeSequential(writer.doc, trace, SEQUENTIAL_PER_TRANSACTION);
        expect(textOf(writer) === trace.endContent).toBe(true);
        const typed = Date.now();
        await eventually(
          () => Y.encodeStateVector(reader.doc).length > 1 && textOf(reader) === trace.endContent,
          60_000,
          'the reader to hold endContent',
        );
        expect(closes).toBe(0);
        const synced_ = Date.now();

        await expectStoredAfterRestart(trace.endContent);
        console.info(
          `[editing-traces] ${name}: ${trace.txns.length} txns in ${updates} updates; typed in ` +
            `${typed - started} ms, reader synced in ${synced_ - typed} ms; ` +
            `restart check ${Date.now() - synced_} ms`,
        );
      });
    });
  },
  'editing-traces',
);
