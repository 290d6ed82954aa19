/**
 * `backup` and `restore`: an online, consistent copy of the SQLite store while the relay serves,
 * and its restoration into the configured data directory (`storage/sqlite-backup.ts`). Each
 * prints what it wrote as one JSON object. A PostgreSQL store is saved with PostgreSQL's own
 * tools; the command says how rather than pretend.
 *
 *   npm run server -- backup --out FILE [--force]
 *   npm run server -- restore --from FILE [--force]
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { SQLITE_FILE } from './index.js';
import { backupSqlite, BackupError, restoreSqlite } from './storage/sqlite-backup.js';

const POSTGRES_HINT =
  'the store is PostgreSQL (DATABASE_URL): back it up with `pg_dump --format=custom --schema=<schema> --file=FILE "$DATABASE_URL"` and restore it with `pg_restore --dbname="$DATABASE_URL" FILE` (README, "Backups")';

function parse(argv: string[], file: 'out' | 'from') {
  const { values } = parseArgs({
    args: argv,
    options: {
      [file]: { type: 'string' },
      force: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
    },
    strict: true,
  });
  const target = values[file];
  if (typeof target !== 'string' || target.trim() === '')
    throw new ConfigError(`--${file} FILE is required`);
  const config = loadConfig(process.env, [
    ...(typeof values['data-dir'] === 'string' ? ['--data-dir', values['data-dir']] : []),
    ...(typeof values['database-url'] === 'string'
      ? ['--database-url', values['database-url']]
      : []),
  ]);
  if (config.databaseUrl !== undefined) throw new BackupError(POSTGRES_HINT);
  return { target, force: values.force === true, dataDir: resolve(config.dataDir) };
}

/** `backup --out FILE`: copies the store while the relay may be running. */
export function runBackupCommand(argv: string[]): void {
  const { target, force, dataDir } = parse(argv, 'out');
  const written = backupSqlite(join(dataDir, SQLITE_FILE), target, { force });
  process.stdout.write(`${JSON.stringify(written)}\n`);
}

/** `restore --from FILE`: puts a backup in place of the (stopped) relay's store. */
export function runRestoreCommand(argv: string[]): void {
  const { target, force, dataDir } = parse(argv, 'from');
  const written = restoreSqlite(target, dataDir, SQLITE_FILE, { force });
  process.stdout.write(`${JSON.stringify(written)}\n`);
}
