/**
 * The servers of the history benchmark, each with the persistence it ships with: ours (SQLite,
 * or PostgreSQL in a schema of its own; every update durable before it is relayed),
 * `@y/websocket-server` with
 * `YPERSISTENCE` (y-leveldb), and Hocuspocus with `@hocuspocus/extension-sqlite` (it stores a
 * document some time after its last change, `hocuspocus-server.ts`).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { HistoryServerKind } from './history-clients.js';
import {
  baseEnvironment,
  environment,
  freePort,
  launchServer,
  REPO_ROOT,
  type BenchServer,
} from './servers.js';

export type HistoryServer = BenchServer<HistoryServerKind>;

/** Our relay unloads an idle room after this (its default is 30 s): "later cold loads". */
export const HISTORY_IDLE_UNLOAD_MS = 1000;

const TSX = join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs');

/** PostgreSQL of the `entente-postgres` rows (trust auth on our machines). */
export const BENCH_DATABASE_URL =
  process.env.ENTENTE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The schema of an `entente-postgres` server, named after its (temporary) data directory. */
export function postgresSchemaOf(dataDir: string): string {
  return `bench_${basename(dataDir)
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()}`;
}

/** Starts `kind` on `port` (or a free one) with its data in `dataDir` (or a new directory). */
export async function startHistoryServer(
  kind: HistoryServerKind,
  options: { readonly port?: number; readonly dataDir?: string } = {},
): Promise<HistoryServer> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `bench-history-${kind}-`));
  switch (kind) {
    case 'entente':
    case 'entente-postgres': {
      // PostgreSQL in a schema named after the data directory, which then holds nothing.
      const postgres =
        kind === 'entente-postgres'
          ? { DATABASE_URL: BENCH_DATABASE_URL, ENTENTE_DATABASE_SCHEMA: postgresSchemaOf(dataDir) }
          : {};
      return launchServer({
        kind,
        args: [join(REPO_ROOT, 'dist/sync-server/cli.js')],
        env: {
          ...environment('entente', port, dataDir),
          ENTENTE_IDLE_UNLOAD_MS: String(HISTORY_IDLE_UNLOAD_MS),
          ...postgres,
        },
        port,
        dataDir,
      });
    }
    case 'y-websocket-server':
      return launchServer({
        kind,
        args: [join(REPO_ROOT, 'node_modules/@y/websocket-server/src/server.js')],
        env: { ...baseEnvironment(port), YPERSISTENCE: dataDir },
        port,
        dataDir,
      });
    case 'hocuspocus':
      return launchServer({
        kind,
        args: ['--import', TSX, join(REPO_ROOT, 'tests/bench/relay/hocuspocus-server.ts')],
        env: { ...baseEnvironment(port), HOCUSPOCUS_DB: join(dataDir, 'hocuspocus.sqlite') },
        port,
        dataDir,
      });
  }
}
