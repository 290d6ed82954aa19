/**
 * Judging a token renewal on an open connection (PROTOCOL.md "Renewal"): the new token is checked
 * exactly like one at the upgrade, and must name the same user in the same workspace — a renewal
 * extends or changes a member's access, it never turns a connection into someone else's.
 */
import type { ClaimsResult, Identity } from '../../shared/model/identity.js';
import { CloseCode, type CloseCodeValue } from '../../shared/protocol/close-codes.js';

/** The identity to switch to, or how to close the connection. */
export type RenewalVerdict =
  | { readonly ok: true; readonly identity: Identity }
  | { readonly ok: false; readonly code: CloseCodeValue; readonly reason: string };

/** Judges `token` for a connection held by `current`, with the relay's token check. */
export function judgeRenewal(
  current: Identity,
  token: string,
  check: (token: string, nowSeconds: number) => ClaimsResult,
  nowSeconds: number,
): RenewalVerdict {
  const checked = check(token, nowSeconds);
  if (!checked.ok)
    return {
      ok: false,
      code: CloseCode.Unauthorized,
      reason: `renewal refused: ${checked.reason}`,
    };
  const next = checked.identity;
  if (next.userId !== current.userId || next.workspace !== current.workspace)
    return {
      ok: false,
      code: CloseCode.Forbidden,
      reason: 'renewal for another user or workspace',
    };
  return { ok: true, identity: next };
}
