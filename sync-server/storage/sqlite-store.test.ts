import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, open as openFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDocStoreContract } from '../../shared/storage/doc-store.contract.js';
import { registerRelayStoreContract } from '../../shared/storage/relay-store.contract.js';
import { SQLITE_SCHEMA_VERSION, SqliteDocStore } from './sqlite-store.js';

let contractDir: string | undefined;
let contractFile = '';
registerDocStoreContract('sqlite', {
  async open() {
    contractDir = await mkdtemp(join(tmpdir(), 'entente-sqlite-contract-'));
    contractFile = join(contractDir, 'store.db');
    return SqliteDocStore.open({ file: contractFile });
  },
  reopen: () => SqliteDocStore.open({ file: contractFile }),
  async cleanup() {
    if (contractDir) await rm(contractDir, { recursive: true, force: true });
    contractDir = undefined;
  },
});

let relayDir: string | undefined;
registerRelayStoreContract('sqlite', {
  async open() {
    relayDir = await mkdtemp(join(tmpdir(), 'entente-sqlite-relay-contract-'));
    return SqliteDocStore.open({ file: join(relayDir, 'store.db') });
  },
  openAnother: () => SqliteDocStore.open({ file: join(relayDir ?? '', 'store.db') }),
  async cleanup() {
    if (relayDir) await rm(relayDir, { recursive: true, force: true });
    relayDir = undefined;
  },
});

describe('SqliteDocStore', () => {
  let dir: string;
  let stores: SqliteDocStore[];
  const openStore = async (file: string) => {
    const store = await SqliteDocStore.open({ file });
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'entente-sqlite-'));
    stores = [];
  });

  afterEach(async () => {
    for (const store of stores) await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates missing directories and configures WAL, synchronous=FULL and the schema version', async () => {
    const file = join(dir, 'nested', 'deeper', 'relay.db');
    const store = await openStore(file);
    expect(store.kind).toBe('sqlite');
    await store.append([{ room: 'r', data: Uint8Array.of(1) }]);
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    } finally {
      raw.close();
    }
    expect((await stat(`${file}-wal`)).isFile()).toBe(true);
  });

  it('rejects a file of garbage bytes at open, naming the file', async () => {
    const file = join(dir, 'garbage.db');
    await writeFile(file, Buffer.alloc(64 * 1024, 'this is not a SQLite database. '));
    await expect(openStore(file)).rejects.toThrow(
      /^sqlite doc store: cannot open .*garbage\.db: file is not a database/,
    );
  });

  it('rejects a database whose pages were corrupted, at open or at load, never returning an empty room', async () => {
    const file = join(dir, 'corrupt.db');
    const writer = await SqliteDocStore.open({ file });
    const big = new Uint8Array(2000).fill(7);
    await writer.append(Array.from({ length: 200 }, () => ({ room: 'minutes', data: big })));
    await writer.close(); // checkpoints the WAL into the main file
    // Keep page 1 (header and schema) intact and overwrite every table page with garbage.
    const { size } = await stat(file);
    const handle = await openFile(file, 'r+');
    await handle.write(Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096);
    await handle.close();
    const attempt = openStore(file).then((store) => store.load('minutes'));
    await expect(attempt).rejects.toThrow(/^sqlite doc store.*(malformed|not a database|corrupt)/i);
  });

  it('rejects a path that is a directory', async () => {
    const file = join(dir, 'a-directory');
    await mkdir(file);
    await expect(openStore(file)).rejects.toThrow(/^sqlite doc store: cannot open .*a-directory/);
  });

  it('refuses a file written by a newer schema version instead of guessing', async () => {
    const file = join(dir, 'future.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
    raw.close();
    await expect(openStore(file)).rejects.toThrow(/schema version \d+ is newer/);
  });

  it('[DS2] rolls back the whole batch when the database fails mid-transaction', async () => {
    const file = join(dir, 'trigger.db');
    const store = await openStore(file);
    await store.append([{ room: 'a', data: Uint8Array.of(1) }]);
    // A real failure inside SQLite, after room 'a' (sorted first) has already been written.
    const raw = new Database(file);
    raw.exec(`CREATE TRIGGER poison BEFORE INSERT ON updates WHEN NEW.room = 'poison'
              BEGIN SELECT RAISE(ABORT, 'poisoned room'); END`);
    raw.close();
    const batch = [
      { room: 'a', data: Uint8Array.of(2) },
      { room: 'poison', data: Uint8Array.of(3) },
    ];
    await expect(store.append(batch)).rejects.toThrow(/append failed: poisoned room/);
    const a = await store.load('a');
    expect(a.updates.map((u) => u.seq)).toEqual([1]);
    expect(a.lastSeq).toBe(1);
    expect(await store.listRooms()).toEqual(['a']);
    expect(await store.append([{ room: 'a', data: Uint8Array.of(4) }])).toEqual([2]);
  });

  it('[DS4] two connections on one file never hand out the same seq', async () => {
    const file = join(dir, 'shared.db');
    const [one, two] = [await openStore(file), await openStore(file)];
    const calls = Array.from({ length: 40 }, (_, i) =>
      (i % 2 ? one : two).append([{ room: 'r', data: Uint8Array.of(i) }]),
    );
    const seqs = (await Promise.all(calls)).flat().sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('[DS2] every acknowledged append survives SIGKILL of the writing process', async () => {
    const file = join(dir, 'crash.db');
    const acknowledged = await appendUntilKilled(file, 150);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
    const store = await openStore(file);
    const rooms = { a: await store.load('a'), b: await store.load('b') };
    const stored = {
      a: new Map(rooms.a.updates.map((u) => [u.seq, Array.from(u.data)])),
      b: new Map(rooms.b.updates.map((u) => [u.seq, Array.from(u.data)])),
    };
    for (const { i, seqs } of acknowledged) {
      expect(stored.a.get(seqs[0]!), `batch ${i}`).toEqual(childBytes(i, 0));
      expect(stored.b.get(seqs[1]!), `batch ${i}`).toEqual(childBytes(i, 1));
      expect(stored.a.get(seqs[2]!), `batch ${i}`).toEqual(childBytes(i, 2));
    }
    // Gap-free numbering survives the crash too: the next append continues after the last one.
    const next = await store.append([{ room: 'a', data: Uint8Array.of(0) }]);
    expect(next).toEqual([rooms.a.lastSeq + 1]);
  }, 60_000);
});

/** The bytes the child writes for entry `k` of batch `i`; keep in sync with CHILD_SOURCE. */
function childBytes(i: number, k: number): number[] {
  return [k, i & 0xff, (i >> 8) & 0xff, 0, 0xff];
}

// The child runs the real store from TypeScript source through tsx's loader (a devDependency),
// appends three entries over two rooms per batch forever, and prints each batch's seqs only after
// `append` resolved. Whatever was printed must be on disk after the kill.
const CHILD_SOURCE = `
import { SqliteDocStore } from ${JSON.stringify(pathToFileURL(fileURLToPath(new URL('./sqlite-store.ts', import.meta.url))).href)};
const store = await SqliteDocStore.open({ file: process.env.ENTENTE_CRASH_FILE });
const bytes = (i, k) => Uint8Array.of(k, i & 0xff, (i >> 8) & 0xff, 0, 0xff);
for (let i = 0; ; i++) {
  const seqs = await store.append([
    { room: 'a', data: bytes(i, 0) }, { room: 'b', data: bytes(i, 1) }, { room: 'a', data: bytes(i, 2) },
  ]);
  process.stdout.write(JSON.stringify({ i, seqs }) + '\\n');
}
`;

interface Acknowledged {
  readonly i: number;
  readonly seqs: number[];
}

/** Starts the writer child, SIGKILLs it once `count` batches were acknowledged, returns them. */
function appendUntilKilled(file: string, count: number): Promise<Acknowledged[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', CHILD_SOURCE],
      {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        env: { ...process.env, ENTENTE_CRASH_FILE: file },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const acknowledged: Acknowledged[] = [];
    let pending = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? ''; // a partial line was not fully acknowledged: ignore it
      for (const line of lines) acknowledged.push(JSON.parse(line) as Acknowledged);
      if (!killed && acknowledged.length >= count) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && killed) resolvePromise(acknowledged);
      else
        reject(new Error(`writer child exited early (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}
