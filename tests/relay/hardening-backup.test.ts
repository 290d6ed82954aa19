/**
 * [Hardening 6] `npm run server -- backup` takes an online, consistent copy of the SQLite store
 * while the relay serves continuous writes; `restore` puts it in an empty data directory, where
 * a relay serves every update stored before the backup began, and the store passes
 * `PRAGMA integrity_check`. Restore refuses a store that holds data (unless --force, which keeps
 * it aside) and a store a running relay uses. Real relay processes, the real command line.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ackWriter, type AckWriter } from '../support/ack-client.js';
import { eventually, readText } from '../support/clients.js';
import {
  RELAY_CLI,
  removeDir,
  startRelayProcess,
  tempDir,
  TEST_SECRET,
  type RelayProcess,
} from '../support/relay-process.js';
import { token } from '../support/tokens.js';

const root = tempDir('entente-backup-');
const relays: RelayProcess[] = [];
afterAll(async () => {
  for (const r of relays) await r.stop('SIGKILL');
  removeDir(root);
});

/** Runs the relay's command line; resolves with its exit code and output. */
function cli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((ok) => {
    const child = spawn(process.execPath, [RELAY_CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', ENTENTE_JWT_SECRET: TEST_SECRET, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => ok({ code, stdout, stderr }));
  });
}

async function start(dataDir: string): Promise<RelayProcess> {
  const relay = await startRelayProcess({ dataDir });
  relays.push(relay);
  return relay;
}

const textOf = (relay: RelayProcess, room: string): Promise<string> =>
  readText(relay.url, room, token({ sub: 'lecteur', role: 'observer' }));

const ROOMS = ['comite/charte', 'comite/ordre-du-jour', 'comite/convention'];
const word = (room: number, n: number) => `r${room}w${n} `;

describe('backup during continuous writes, then restore', () => {
  const source = join(root, 'source');
  const backup = join(root, 'sauvegarde.sqlite');
  const target = join(root, 'restored');
  let writtenBefore: number[] = [];
  let writtenInAll: number[] = [];

  it('copies, online, everything stored before the backup began', async () => {
    const relay = await start(source);
    const writers: AckWriter[] = ROOMS.map((room, i) =>
      ackWriter(relay.url, room, token({ sub: `w${i}` })),
    );
    await Promise.all(writers.map((w) => w.raw.opened));
    const counts = writers.map(() => 0);
    let writing = true;
    const typing = (async () => {
      while (writing) {
        writers.forEach((w, i) => w.write(word(i, counts[i]!++)));
        await new Promise((ok) => setTimeout(ok, 5));
      }
    })();
    await new Promise((ok) => setTimeout(ok, 1500));
    // Acknowledged means stored: all of this must be in the backup.
    writtenBefore = writers.map((w) => w.acked());
    const result = await cli(['backup', '--out', backup], { ENTENTE_DATA_DIR: source });
    await new Promise((ok) => setTimeout(ok, 300));
    writing = false;
    await typing;
    await Promise.all(
      writers.map((w) => eventually(() => w.acked() === w.sent.length, 10_000, 'acks')),
    );
    writtenInAll = writers.map((w) => w.acked());
    for (const w of writers) w.raw.ws.close();

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { file: string; rooms: number; updates: number };
    expect(report).toMatchObject({ file: backup, rooms: 3 });
    expect(writtenBefore.every((n) => n > 20)).toBe(true);
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    const copy = new Database(backup, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    // No partial file is left beside it.
    expect(readdirSync(root).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('restores into an empty data directory; a relay there serves it, integrity ok', async () => {
    const result = await cli(['restore', '--from', backup], { ENTENTE_DATA_DIR: target });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rooms: 3, keptAside: null });
    const restored = new Database(join(target, 'entente.sqlite'), { readonly: true });
    expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
    restored.close();
    expect(statSync(target).mode & 0o777).toBe(0o700);
    const relay = await start(target);
    for (const [i, room] of ROOMS.entries()) {
      const text = await textOf(relay, room);
      const words = text.split(' ').filter(Boolean);
      // Everything stored before the backup began…
      expect(words.length).toBeGreaterThanOrEqual(writtenBefore[i]!);
      // …as one consistent prefix of what was written (nothing torn, nothing reordered).
      expect(words).toEqual(Array.from({ length: words.length }, (_, n) => word(i, n).trim()));
      expect(words.length).toBeLessThanOrEqual(writtenInAll[i]!);
    }
    await relay.stop();
  });

  it('refuses to restore over a store a running relay uses', async () => {
    const relay = await start(target);
    const result = await cli(['restore', '--from', backup, '--force'], {
      ENTENTE_DATA_DIR: target,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/in use.*stop the relay before restoring/);
    expect(await textOf(relay, ROOMS[0]!)).not.toBe('');
    await relay.stop();
  });

  it('refuses to restore over a store holding data, unless --force, which keeps it aside', async () => {
    const refused = await cli(['restore', '--from', backup], { ENTENTE_DATA_DIR: target });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds 3 rooms; pass --force/);
    const forced = await cli(['restore', '--from', backup, '--force'], {
      ENTENTE_DATA_DIR: target,
    });
    expect(forced.code).toBe(0);
    const { keptAside } = JSON.parse(forced.stdout) as { keptAside: string };
    expect(keptAside).toMatch(/entente\.sqlite\.before-restore-/);
    expect(existsSync(keptAside)).toBe(true);
  });
});

describe('bad input', () => {
  it('refuses an existing output file, a missing store, garbage, and explains PostgreSQL', async () => {
    const exists = join(root, 'exists.sqlite');
    writeFileSync(exists, 'x');
    const empty = join(root, 'empty');
    expect(
      (await cli(['backup', '--out', exists], { ENTENTE_DATA_DIR: join(root, 'source') })).stderr,
    ).toMatch(/exists; choose another file or pass --force/);
    expect(
      (await cli(['backup', '--out', join(root, 'b')], { ENTENTE_DATA_DIR: empty })).stderr,
    ).toMatch(/no store at/);
    const garbage = await cli(['restore', '--from', exists], { ENTENTE_DATA_DIR: empty });
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/not a readable SQLite database|not an Entente store/);
    expect(existsSync(join(empty, 'entente.sqlite'))).toBe(false);
    const pg = await cli(['backup', '--out', join(root, 'pg')], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
    });
    expect(pg.code).toBe(2);
    expect(pg.stderr).toMatch(/pg_dump/);
    expect((await cli(['backup'], {})).stderr).toMatch(/--out FILE is required/);
  });
});
