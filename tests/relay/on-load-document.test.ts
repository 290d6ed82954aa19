/**
 * [Relay 4] A storage read failure fails the connection: a room is never served empty, and
 * nothing is stored for a room whose load did not succeed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { encodeSyncUpdate } from '../../shared/protocol/messages.js';
import * as Y from 'yjs';
import { postgresBackend, sql, type Backend } from '../support/backends.js';
import { rawClient, stockClient, synced } from '../support/clients.js';
import { removeDir, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { token } from '../support/tokens.js';

let relay: RelayProcess | undefined;
let backend: Backend | undefined;

afterEach(async () => {
  await relay?.stop('SIGKILL');
  if (relay !== undefined) removeDir(relay.dataDir);
  await backend?.cleanup();
});

describe('load failures', () => {
  it('closes with 4500 and sends no document byte when the store cannot be read', async () => {
    const schema = `t_load_${Date.now().toString(36)}`;
    backend = postgresBackend(schema);
    relay = await startRelayProcess({ env: backend.env });
    const ok = stockClient(relay.url, 'comite/avant', { token: token() });
    await synced(ok);
    ok.destroy();
    // Break storage under the running relay.
    await sql(`ALTER TABLE ${schema}.updates RENAME TO updates_broken`);
    const client = rawClient(relay.url, `/comite/pendant?token=${token()}`);
    await client.opened;
    const doc = new Y.Doc();
    doc.getText('content').insert(0, 'perdu ?');
    client.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(doc)));
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.StorageUnavailable);
    expect(client.frames).toHaveLength(0);
    const ready = await fetch(`http://127.0.0.1:${relay.port}/readyz`);
    expect(ready.status).toBe(503);

    // Storage back: the room loads, and the update sent during the failure was never stored
    // (the client still has it and sends it again on reconnect).
    await sql(`ALTER TABLE ${schema}.updates_broken RENAME TO updates`);
    const reader = stockClient(relay.url, 'comite/pendant', { token: token({ role: 'observer' }) });
    await synced(reader);
    expect(reader.doc.getText('content').toString()).toBe('');
    reader.destroy();
  });
});
