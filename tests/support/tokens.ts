/** Signs test tokens with the test secret. */
import type { Role } from '../../shared/model/roles.js';
import { signJwt } from '../../sync-server/auth/jwt.js';
import { TEST_SECRET } from './relay-process.js';

/** Claims for a test user; every field can be overridden. */
export interface TestClaims {
  sub?: string;
  name?: string;
  org?: string;
  ws?: string;
  role?: Role | string;
  exp?: number;
}

/** A token for `role` in workspace `ws` (default `comite`), valid one hour. */
export function token(claims: TestClaims = {}, secret = TEST_SECRET): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    {
      sub: 'u-1',
      name: 'Claire Martin',
      org: 'AMF',
      ws: 'comite',
      role: 'member',
      exp: now + 3600,
      ...claims,
    },
    secret,
  );
}
