/** The one token check of the relay, at upgrades and at renewals on open connections alike. */
import { identityFromClaims, type ClaimsResult } from '../../shared/model/identity.js';
import { verifyJwt } from './jwt.js';

/** Verifies a token's signature, then its claims against the clock (seconds since the epoch). */
export function checkToken(token: string, secret: string, nowSeconds: number): ClaimsResult {
  const verified = verifyJwt(token, secret);
  if (!verified.ok) return verified;
  return identityFromClaims(verified.payload, nowSeconds);
}
