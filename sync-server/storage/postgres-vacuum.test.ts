/**
 * A PostgreSQL store under steady compaction (`postgres-vacuum.ts`): once compactions replaced
 * enough, the store vacuums its own tables, so what they take stays near what they hold instead
 * of growing with every snapshot ever written.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresDocStore } from './postgres-store.js';

const DATABASE_URL =
  process.env.ENTENTE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
afterAll(() => admin.end());

/** Tables of `schema` with their TOAST tables and indexes, and how often each was vacuumed. */
async function tablesOf(schema: string) {
  const { rows } = await admin.query<{ bytes: string; vacuums: string }>(
    `SELECT sum(pg_total_relation_size(c.oid)) AS bytes,
            sum(coalesce(s.vacuum_count, 0)) AS vacuums
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid
      WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname IN ('rooms', 'updates')`,
    [schema],
  );
  return { bytes: Number(rows[0]?.bytes ?? 0), vacuums: Number(rows[0]?.vacuums ?? 0) };
}

describe('PostgresDocStore vacuums after its compactions', () => {
  it('keeps its tables near one snapshot and a log, however many were written', async () => {
    const schema = `entente_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const store = await PostgresDocStore.open({ url: DATABASE_URL, schema });
    try {
      // 30 compactions of a 200 kB snapshot (random: TOAST cannot compress it) and 200 log
      // entries each: 6 MB written in all, of which 200 kB is alive at the end.
      for (let round = 0; round < 30; round++) {
        await store.append(
          Array.from({ length: 200 }, () => ({ room: 'w/d', data: randomBytes(40) })),
        );
        const { lastSeq } = await store.load('w/d');
        expect(await store.compact('w/d', lastSeq, randomBytes(200_000))).toBe(true);
      }
      // Statistics reach pg_stat_* shortly after the vacuum's transaction.
      const deadline = Date.now() + 15_000;
      let seen = await tablesOf(schema);
      while (seen.vacuums === 0 && Date.now() < deadline) {
        await new Promise((ok) => setTimeout(ok, 200));
        seen = await tablesOf(schema);
      }
      expect(seen.vacuums).toBeGreaterThan(0);
      // Without the vacuums the dead snapshots alone take 5.8 MB; with them, what a vacuum
      // frees is reused, and at most about VACUUM_AFTER_BYTES more lies dead between two.
      expect(seen.bytes).toBeLessThan(4 * 1024 * 1024);
      const room = await store.load('w/d');
      expect(room.snapshot?.length).toBe(200_000);
      expect(room.updates).toHaveLength(0);
    } finally {
      await store.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
    }
  });
});
