import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDocStoreContract } from '../../shared/storage/doc-store.contract.js';
import { registerRelayStoreContract } from '../../shared/storage/relay-store.contract.js';
import { POSTGRES_SCHEMA_VERSION, PostgresDocStore } from './postgres-store.js';

// The machines' PostgreSQL trusts local connections; `postgres` is the superuser every Debian
// install has (running as root, `root` works too here, but is not guaranteed elsewhere).
const DATABASE_URL =
  process.env.ENTENTE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
afterAll(() => admin.end());

/** A fresh schema name per test, so runs (and parallel CI jobs) never see each other's rows. */
const freshSchema = (): string => `entente_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
const dropSchema = (schema: string) =>
  admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);

let contractSchema: string | undefined;
registerDocStoreContract('postgres', {
  async open() {
    contractSchema = freshSchema();
    return PostgresDocStore.open({ url: DATABASE_URL, schema: contractSchema });
  },
  reopen: () => PostgresDocStore.open({ url: DATABASE_URL, schema: contractSchema }),
  async cleanup() {
    if (contractSchema) await dropSchema(contractSchema);
    contractSchema = undefined;
  },
});

let relaySchema: string | undefined;
registerRelayStoreContract('postgres', {
  async open() {
    relaySchema = freshSchema();
    return PostgresDocStore.open({ url: DATABASE_URL, schema: relaySchema });
  },
  openAnother: () => PostgresDocStore.open({ url: DATABASE_URL, schema: relaySchema }),
  async cleanup() {
    if (relaySchema) await dropSchema(relaySchema);
    relaySchema = undefined;
  },
});

describe('PostgresDocStore', () => {
  let schema: string;
  let stores: PostgresDocStore[];
  const openStore = async (
    options: Partial<ConstructorParameters<typeof PostgresDocStore>[0]> = {},
  ) => {
    const store = await PostgresDocStore.open({ url: DATABASE_URL, schema, ...options });
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    schema = freshSchema();
    stores = [];
  });

  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await dropSchema(schema);
  });

  it('creates its schema and tables, and records the schema version', async () => {
    const store = await openStore();
    expect(store.kind).toBe('postgres');
    const { rows } = await admin.query(
      `SELECT version FROM ${pg.escapeIdentifier(schema)}.schema_version`,
    );
    expect(rows).toEqual([{ version: POSTGRES_SCHEMA_VERSION }]);
  });

  it('lets several relays prepare the same empty schema at the same time', async () => {
    const opened = await Promise.all(Array.from({ length: 4 }, () => openStore()));
    const seqs = await Promise.all(
      opened.map((store, i) => store.append([{ room: 'r', data: Uint8Array.of(i) }])),
    );
    expect(seqs.flat().sort()).toEqual([1, 2, 3, 4]);
  });

  it('refuses a schema written by a newer version instead of guessing', async () => {
    await (await openStore()).close();
    await admin.query(
      `UPDATE ${pg.escapeIdentifier(schema)}.schema_version SET version = version + 1`,
    );
    await expect(openStore()).rejects.toThrow(/schema setup failed: schema version \d+ is newer/);
  });

  it('rejects a schema name that is not a plain identifier', () => {
    expect(() => new PostgresDocStore({ url: DATABASE_URL, schema: 'Robert"; DROP' })).toThrow(
      TypeError,
    );
  });

  it('[DS4] two processes appending 200 entries each to one room get seqs 1..400 without gaps', async () => {
    // Two stores = two pools = what two relay processes do; 400 concurrent one-entry appends.
    const [one, two] = [await openStore(), await openStore()];
    const data = (writer: number, i: number) => Uint8Array.of(writer, i & 0xff, i >> 8);
    const calls = Array.from({ length: 200 }, (_, i) => [
      one
        .append([{ room: 'contended', data: data(1, i) }])
        .then(([seq]) => ({ seq: seq!, bytes: data(1, i) })),
      two
        .append([{ room: 'contended', data: data(2, i) }])
        .then(([seq]) => ({ seq: seq!, bytes: data(2, i) })),
    ]).flat();
    const results = await Promise.all(calls);
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 400 }, (_, i) => i + 1),
    );
    const room = await one.load('contended');
    expect(room.lastSeq).toBe(400);
    const stored = new Map(room.updates.map((u) => [u.seq, Array.from(u.data)]));
    for (const { seq, bytes } of results) expect(stored.get(seq)).toEqual(Array.from(bytes));
  }, 60_000);

  it('[DS4] batches locking the same rooms in opposite orders do not deadlock', async () => {
    const [one, two] = [await openStore(), await openStore()];
    const batch = (rooms: string[]) => rooms.map((room) => ({ room, data: Uint8Array.of(1) }));
    const calls = Array.from({ length: 30 }, () => [
      one.append(batch(['x', 'y', 'z'])),
      two.append(batch(['z', 'y', 'x'])),
    ]).flat();
    await Promise.all(calls);
    for (const room of ['x', 'y', 'z']) expect((await one.load(room)).lastSeq).toBe(60);
  }, 60_000);

  it('[DS2] rolls back the whole batch when PostgreSQL fails mid-transaction', async () => {
    const store = await openStore();
    await store.append([{ room: 'a', data: Uint8Array.of(1) }]);
    // A real server-side failure, raised after room 'a' (sorted first) has already been written.
    const s = pg.escapeIdentifier(schema);
    await admin.query(`
      CREATE FUNCTION ${s}.poison() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'poisoned room'; END $$;
      CREATE TRIGGER poison BEFORE INSERT ON ${s}.updates
        FOR EACH ROW WHEN (NEW.room = 'poison') EXECUTE FUNCTION ${s}.poison();`);
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

  it('returns plain Uint8Arrays, not the driver’s Buffers', async () => {
    const store = await openStore();
    await store.append([{ room: 'r', data: Uint8Array.of(1, 2) }]);
    await store.compact('r', 1, Uint8Array.of(3));
    await store.append([{ room: 'r', data: new Uint8Array(10_000) }]);
    const room = await store.load('r');
    for (const bytes of [room.snapshot, ...room.updates.map((u) => u.data)]) {
      expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
    }
  });

  it('makes load reject clearly when PostgreSQL cannot be reached', async () => {
    const url = 'postgres://postgres@127.0.0.1:1/test';
    const store = new PostgresDocStore({ url, schema, connectionTimeoutMs: 2000 });
    stores.push(store);
    await expect(store.load('r')).rejects.toThrow(
      /^postgres doc store \(127\.0\.0\.1:1\/test, schema \w+\): schema setup failed: cannot connect to PostgreSQL \(.*ECONNREFUSED/,
    );
    // Still failing (and retried, not cached as a success) on the next call.
    await expect(store.append([{ room: 'r', data: Uint8Array.of(1) }])).rejects.toThrow(
      /ECONNREFUSED/,
    );
    await expect(PostgresDocStore.open({ url, schema })).rejects.toThrow(
      /cannot connect to PostgreSQL/,
    );
  });

  it('never puts the password of the URL into error messages', async () => {
    const store = new PostgresDocStore({
      url: 'postgres://postgres:s3cret-pw@127.0.0.1:1/test',
      schema,
    });
    stores.push(store);
    const error = await store.load('r').then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toMatch(/cannot connect/);
    expect(error?.message).not.toContain('s3cret-pw');
  });
});
