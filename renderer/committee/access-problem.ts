/**
 * Why a committee's relay no longer lets this member in, in the terms the UI explains: an
 * invitation that expired (known from its claims even offline, before the relay says so), one the
 * relay refused (4401: forged, revoked by a new secret, expired by the relay's clock), one for
 * another workspace (4403), or another permanent close; or, while the member is still let in,
 * that the committee's storage on the relay is full (4507: the relay stored none of our latest
 * changes, and the app retries by itself). Edits stay on this computer in every case; a new
 * invitation for the same workspace reconnects (`Workspaces.join` renews the token).
 */
import { CloseCode } from '../../shared/protocol/close-codes.js';
import type { LinkRefusal } from '../sync/link-types.js';

/** What the access alert says. */
export type AccessProblem =
  | { readonly kind: 'expired'; readonly expiredAt: number }
  | { readonly kind: 'unauthorized'; readonly reason: string }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'closed'; readonly code: number }
  | { readonly kind: 'workspace-full' };

/**
 * The problem to show, or null. `refusal` is the relay's refusal of the whole connection (a
 * room refused on its own is that document's page's to explain, not a matter of invitation).
 * `exp` is the token's expiry in seconds (null: none), `nowMs` the
 * current time, `workspaceFull` whether some room's changes wait on the workspace quota. The
 * relay's own verdict wins over the claims except for expiry, which the claims date precisely; a
 * member who is not let in at all is told that first (a full workspace is then beside the point).
 */
export function accessProblem(
  refusal: LinkRefusal | null,
  exp: number | null,
  nowMs: number,
  workspaceFull = false,
): AccessProblem | null {
  const expired = exp !== null && exp * 1000 <= nowMs;
  if (expired && (refusal === null || refusal.code === CloseCode.Unauthorized)) {
    return { kind: 'expired', expiredAt: exp * 1000 };
  }
  if (refusal === null) return workspaceFull ? { kind: 'workspace-full' } : null;
  if (refusal.code === CloseCode.Unauthorized)
    return { kind: 'unauthorized', reason: refusal.reason };
  if (refusal.code === CloseCode.Forbidden) return { kind: 'forbidden' };
  return { kind: 'closed', code: refusal.code };
}

/** Milliseconds until the token expires (capped for `setTimeout`), or null when it never will. */
export function msUntilExpiry(exp: number | null, nowMs: number): number | null {
  if (exp === null || exp * 1000 <= nowMs) return null;
  return Math.min(exp * 1000 - nowMs, 2 ** 31 - 1);
}
