/**
 * The JWT secret. From `ENTENTE_JWT_SECRET` when set; otherwise generated once, at random, into
 * the data directory, so that a fresh clone works with no set-up and yet never runs with a
 * secret anybody else knows. The `token` command reads the same file.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Name of the generated secret file inside the data directory. */
export const SECRET_FILE = 'jwt-secret';

/** Shortest secret accepted (HS256 wants at least 256 bits of key). */
export const MIN_SECRET_LENGTH = 32;

/** Returns the configured secret, or the one stored in `dataDir`, creating it if absent. */
export function resolveJwtSecret(configured: string | undefined, dataDir: string): string {
  if (configured !== undefined) return configured;
  const file = join(dataDir, SECRET_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails if the file exists, so two processes starting together keep one secret.
    writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH)
    throw new Error(`the secret in ${file} is too short; delete it to regenerate`);
  return secret;
}
