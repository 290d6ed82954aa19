/**
 * The PostgreSQL side of `PostgresDocStore`: its tables, their migrations, and the statements
 * it runs, schema-qualified once. Kept apart from the store so the store file holds behaviour.
 */
import pg from 'pg';

/**
 * Schema migrations, applied in order inside the setup transaction; `schema_version` records how
 * many ran. Never edit a shipped step: append a new one. No foreign key from `updates` to
 * `rooms`: every write already holds the room row lock, and the check would cost a lookup per row.
 */
const MIGRATIONS: ReadonlyArray<(schema: string) => string> = [
  (s) => `
    CREATE TABLE ${s}.rooms (
      name text PRIMARY KEY,
      last_seq bigint NOT NULL,
      snapshot_seq bigint NOT NULL DEFAULT 0,
      snapshot bytea
    );
    CREATE TABLE ${s}.updates (
      room text NOT NULL,
      seq bigint NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (room, seq)
    );`,
  // One row the readiness check rewrites (DS12): a real, committed write that touches no room.
  (s) => `
    CREATE TABLE ${s}.health (
      id integer PRIMARY KEY CHECK (id = 1),
      checked_at timestamptz NOT NULL
    );`,
];

/** The schema version this build writes; a schema with a higher version is refused. */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/** Creates and migrates `schema` under a per-schema advisory lock held until the transaction ends. */
export async function migrateSchema(client: pg.PoolClient, schema: string): Promise<void> {
  const s = pg.escapeIdentifier(schema);
  // Two relays starting together would otherwise both run CREATE and one would fail on a
  // unique violation in the catalog; the lock key is namespaced so other tools' locks don't clash.
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `entente.doc-store:${schema}`,
  ]);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${s}.schema_version (
       singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
       version integer NOT NULL
     )`,
  );
  const { rows } = await client.query<{ version: number }>(
    `SELECT version FROM ${s}.schema_version`,
  );
  const version = rows[0]?.version ?? 0;
  if (version > MIGRATIONS.length) {
    throw new Error(
      `schema version ${version} is newer than this relay supports (${MIGRATIONS.length})`,
    );
  }
  for (const step of MIGRATIONS.slice(version)) await client.query(step(s));
  await client.query(
    `INSERT INTO ${s}.schema_version (version) VALUES ($1)
     ON CONFLICT (singleton) DO UPDATE SET version = EXCLUDED.version`,
    [MIGRATIONS.length],
  );
}

/** The statements of one store, schema-qualified once at construction. */
export function statementsFor(schema: string) {
  const s = pg.escapeIdentifier(schema);
  return {
    /** Prefix of prepared-statement names, unique per schema (pg caches them per connection). */
    prefix: `entente:${schema}:`,
    // Part 0 is the room row (seq = last_seq, data = snapshot), then part 1, the log in order.
    load: `
      SELECT 0 AS part, last_seq AS seq, snapshot_seq, snapshot AS data FROM ${s}.rooms WHERE name = $1
      UNION ALL
      SELECT 1, u.seq, NULL, u.data
        FROM ${s}.updates u JOIN ${s}.rooms r ON r.name = u.room AND u.seq > r.snapshot_seq
       WHERE u.room = $1
      ORDER BY part, seq`,
    // Reserves n consecutive seqs (locking the room row) and inserts the n entries, in order.
    append: `
      WITH room AS (
        INSERT INTO ${s}.rooms AS r (name, last_seq) VALUES ($1, $2::bigint)
        ON CONFLICT (name) DO UPDATE SET last_seq = r.last_seq + EXCLUDED.last_seq
        RETURNING r.last_seq
      ), inserted AS (
        INSERT INTO ${s}.updates (room, seq, data)
        SELECT $1, room.last_seq - $2::bigint + t.ord, t.data
          FROM room, unnest($3::bytea[]) WITH ORDINALITY AS t(data, ord)
      )
      SELECT last_seq FROM room`,
    lockRoom: `SELECT last_seq, snapshot_seq FROM ${s}.rooms WHERE name = $1 FOR UPDATE`,
    setSnapshot: `UPDATE ${s}.rooms SET snapshot = $2, snapshot_seq = $3 WHERE name = $1`,
    // Says how many rows and bytes it removed: the dead tuples a vacuum will reclaim.
    deleteUpdates: `
      WITH gone AS (DELETE FROM ${s}.updates WHERE room = $1 AND seq <= $2 RETURNING data)
      SELECT count(*) AS rows, coalesce(sum(octet_length(data)), 0) AS bytes FROM gone`,
    /** The tables compactions leave dead tuples in (`postgres-vacuum.ts`). */
    vacuumTables: `${s}.rooms, ${s}.updates`,
    listRooms: `SELECT name FROM ${s}.rooms WHERE last_seq > 0`,
    hasRoom: `SELECT 1 FROM ${s}.rooms WHERE name = $1 AND last_seq > 0`,
    // starts_with on the (small) rooms table, then the log by room equality: the database's
    // collation may order '/' oddly, equality on the primary key does not care.
    // octet_length reads a TOASTed value's size from its header, not the value.
    workspaceBytes: `
      SELECT (coalesce(sum(octet_length(r.snapshot)), 0)
           + coalesce(sum((SELECT sum(octet_length(u.data)) FROM ${s}.updates u WHERE u.room = r.name)), 0))::bigint
             AS bytes
        FROM ${s}.rooms r
       WHERE starts_with(r.name, $1)`,
    touchHealth: `INSERT INTO ${s}.health (id, checked_at) VALUES (1, now())
                  ON CONFLICT (id) DO UPDATE SET checked_at = EXCLUDED.checked_at`,
  };
}
