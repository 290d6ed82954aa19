/**
 * [Relay 5] Scale-out: two relay processes sharing PostgreSQL and Redis serve the same room.
 * Clients on different processes converge in real time; when one process is SIGKILLed its
 * clients move to the other and nothing is lost; no update is stored twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { postgresBackend, sql, TEST_REDIS_URL, type Backend } from '../support/backends.js';
import { eventually, stockClient, synced, type StockClient } from '../support/clients.js';
import { removeDir, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { token } from '../support/tokens.js';

const relays: RelayProcess[] = [];
const clients: StockClient[] = [];
let backend: Backend | undefined;

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const r of relays.splice(0)) {
    await r.stop('SIGKILL');
    removeDir(r.dataDir);
  }
  await backend?.cleanup();
});

describe('two relays, PostgreSQL + Redis', () => {
  it('converge in real time, survive one being killed, and store each update once', async () => {
    const schema = `t_scale_${Date.now().toString(36)}`;
    backend = postgresBackend(schema);
    const env = {
      ...backend.env,
      REDIS_URL: TEST_REDIS_URL,
      ENTENTE_REDIS_PREFIX: `test-${schema}`,
    };
    const [a, b] = [await startRelayProcess({ env }), await startRelayProcess({ env })];
    relays.push(a, b);
    const room = 'comite/accord';
    const onA = stockClient(a.url, room, { token: token({ sub: 'ua' }) });
    const onB = stockClient(b.url, room, { token: token({ sub: 'ub' }) });
    clients.push(onA, onB);
    await Promise.all([synced(onA), synced(onB)]);

    let produced = 0;
    // Local edits have no transaction origin; updates applied from the relay have the provider.
    for (const c of [onA, onB])
      c.doc.on('update', (_u: Uint8Array, origin: unknown) => {
        if (origin === null) produced += 1;
      });
    onA.doc.getText('content').insert(0, 'Article 1 (A). ');
    await eventually(
      () => onB.doc.getText('content').toString() === 'Article 1 (A). ',
      5000,
      'A → B in real time',
    );
    onB.doc.getText('content').insert(0, 'Préambule (B). ');
    await eventually(
      () => onA.doc.getText('content').toString() === 'Préambule (B). Article 1 (A). ',
      5000,
      'B → A in real time',
    );
    for (let i = 0; i < 50; i++) {
      onA.doc.getText('content').insert(onA.doc.getText('content').length, `a${i} `);
      onB.doc.getText('content').insert(0, `b${i} `);
    }
    await eventually(
      () => onA.doc.getText('content').toString() === onB.doc.getText('content').toString(),
      10_000,
      'convergence',
    );

    // Kill A; its client moves to B and keeps writing; B's client keeps writing too.
    await a.stop('SIGKILL');
    onA.destroy();
    const moved = stockClient(b.url, room, { token: token({ sub: 'ua' }) }, onA.doc);
    clients.push(moved);
    await synced(moved);
    moved.doc.getText('content').insert(0, 'après la panne ');
    await eventually(
      () => moved.doc.getText('content').toString() === onB.doc.getText('content').toString(),
      10_000,
      'convergence after kill',
    );

    // Everything is stored, once: a fresh process loads it all.
    const c = await startRelayProcess({ env });
    relays.push(c);
    const reader = stockClient(c.url, room, { token: token({ sub: 'r', role: 'observer' }) });
    clients.push(reader);
    await synced(reader);
    expect(reader.doc.getText('content').toString()).toBe(onB.doc.getText('content').toString());
    const stored = await sql(`SELECT count(*)::int AS n FROM ${schema}.updates`);
    const snapshots = await sql(
      `SELECT count(*)::int AS n FROM ${schema}.rooms WHERE snapshot IS NOT NULL`,
    );
    if (snapshots.rows[0].n === 0) expect(stored.rows[0].n).toBe(produced);
    expect(Y.encodeStateVector(reader.doc)).toEqual(Y.encodeStateVector(onB.doc));
  });
});

describe('an update whose publication was lost', () => {
  it('is caught up from the store when its author reconnects elsewhere, and stored once', async () => {
    const schema = `t_lost_${Date.now().toString(36)}`;
    backend = postgresBackend(schema);
    // Different channel prefixes: the two processes share PostgreSQL but never hear each other,
    // as if every publication of A were lost (A killed between its commit and its publish).
    const a = await startRelayProcess({
      env: { ...backend.env, REDIS_URL: TEST_REDIS_URL, ENTENTE_REDIS_PREFIX: `a-${schema}` },
    });
    const b = await startRelayProcess({
      env: { ...backend.env, REDIS_URL: TEST_REDIS_URL, ENTENTE_REDIS_PREFIX: `b-${schema}` },
    });
    relays.push(a, b);
    const room = 'comite/perdu';
    const onB = stockClient(b.url, room, { token: token({ sub: 'ub' }) });
    const onA = stockClient(a.url, room, { token: token({ sub: 'ua' }) });
    clients.push(onA, onB);
    await Promise.all([synced(onA), synced(onB)]);
    onA.doc.getText('content').insert(0, 'écrit sur A');
    let stored = 0;
    const started = Date.now();
    while (stored === 0 && Date.now() - started < 5000) {
      stored = (await sql(`SELECT count(*)::int AS n FROM ${schema}.updates`)).rows[0].n;
      if (stored === 0) await new Promise((ok) => setTimeout(ok, 50));
    }
    expect(stored).toBe(1);
    expect(onB.doc.getText('content').toString()).toBe('');

    // A's author moves to B: B catches up from the store first, so the author's step 2 adds
    // nothing and is not stored again; B's own client receives the text.
    await a.stop('SIGKILL');
    onA.destroy();
    const moved = stockClient(b.url, room, { token: token({ sub: 'ua' }) }, onA.doc);
    clients.push(moved);
    await synced(moved);
    await eventually(
      () => onB.doc.getText('content').toString() === 'écrit sur A',
      5000,
      'caught up on B',
    );
    await new Promise((ok) => setTimeout(ok, 300));
    expect((await sql(`SELECT count(*)::int AS n FROM ${schema}.updates`)).rows[0].n).toBe(1);
  });
});
