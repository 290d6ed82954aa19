/**
 * Hocuspocus as the history benchmark runs it (`history-servers.ts`): `@hocuspocus/server` 4.7
 * with `@hocuspocus/extension-sqlite`, every setting at its default (a document is stored 2 s
 * after its last change, at the latest 10 s after the first), listening on `PORT` of loopback,
 * its SQLite file at `HOCUSPOCUS_DB`. On SIGTERM it stores what is pending, then exits.
 * A reference measured beside ours, never part of the app.
 */
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';

const port = Number(process.env.PORT);
const database = process.env.HOCUSPOCUS_DB;
if (!Number.isInteger(port) || database === undefined) {
  process.stderr.write('hocuspocus-server: PORT and HOCUSPOCUS_DB must be set\n');
  process.exit(2);
}

const server = new Server({
  port,
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: false,
  extensions: [new SQLite({ database })],
});
await server.listen();

process.once('SIGTERM', () => {
  server.hocuspocus.flushPendingStores();
  void server.destroy().then(() => process.exit(0));
});
