/** Tokens and URL paths of benchmark clients. */
import { signJwt } from '../../../sync-server/auth/jwt.js';
import { WORKSPACE } from './servers.js';

/** A member token for the bench workspace, valid two hours (longer than any run). */
export function benchToken(secret: string, sub: string): string {
  return signJwt(
    {
      sub,
      name: `Bench ${sub}`,
      org: 'Bench',
      ws: WORKSPACE,
      role: 'member',
      exp: Math.floor(Date.now() / 1000) + 7200,
    },
    secret,
  );
}

/** `/<room>?token=…`, the path both servers accept (the reference ignores the query). */
export function roomPath(room: string, token: string): string {
  return `/${room}?token=${encodeURIComponent(token)}`;
}

/** A room name in the bench workspace. */
export function benchRoom(doc: string): string {
  return `${WORKSPACE}/${doc}`;
}
