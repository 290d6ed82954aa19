/**
 * `token`: prints an access token signed with the relay's secret (the configured one, or the one
 * generated in the data directory, exactly as the relay resolves it).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { identityFromClaims } from '../shared/model/identity.js';
import { signJwt } from './auth/jwt.js';
import { resolveJwtSecret } from './auth/secret.js';
import { ConfigError, loadConfig } from './config.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Parses a duration such as `30d`, `12h`, `15m` or `3600s` into seconds. */
export function parseTtl(text: string): number {
  const match = /^(\d{1,7})([smhd])$/.exec(text);
  if (match === null)
    throw new ConfigError(`invalid --ttl "${text}": use a number and s, m, h or d (e.g. 30d)`);
  return Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1);
}

/** Builds and prints a token from command-line options. */
export function runTokenCommand(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      workspace: { type: 'string' },
      user: { type: 'string' },
      name: { type: 'string' },
      org: { type: 'string' },
      role: { type: 'string' },
      ttl: { type: 'string', default: '30d' },
      'data-dir': { type: 'string' },
      'jwt-secret': { type: 'string' },
    },
    strict: true,
  });
  const config = loadConfig(process.env, [
    ...(values['data-dir'] === undefined ? [] : ['--data-dir', values['data-dir']]),
    ...(values['jwt-secret'] === undefined ? [] : ['--jwt-secret', values['jwt-secret']]),
  ]);
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: values.user,
    name: values.name,
    org: values.org,
    ws: values.workspace,
    role: values.role,
    iat: now,
    exp: now + parseTtl(values.ttl ?? '30d'),
  };
  const checked = identityFromClaims(claims, now);
  if (!checked.ok) {
    throw new ConfigError(
      `${checked.reason} (options: --workspace --user --name --org --role [--ttl 30d])`,
    );
  }
  process.stdout.write(
    `${signJwt(claims, resolveJwtSecret(config.jwtSecret, resolve(config.dataDir)))}\n`,
  );
}
