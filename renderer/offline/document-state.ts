/**
 * The offline state of one committee document as the documents list shows it (text, icon and
 * `data-offline-state`). Pure: the facts come from `CommitteeOffline`.
 *
 * What the member most needs to know comes first: the relay refused the document; changes of
 * theirs are not on the server yet; the budget (or archiving) leaves it out; then whether it can
 * be read offline.
 */
import type { OfflineExclusion } from '../../shared/offline/offline-plan.js';
import type { DocumentCopy } from './offline-records.js';

/** The state of a document's offline copy. */
export type DocumentOfflineState =
  /** Its local copy is as recent as the index says (`data-offline-state="ready"`). */
  | { readonly kind: 'ready'; readonly storedAt: number }
  /** Being downloaded now. */
  | { readonly kind: 'downloading' }
  /** Due, not started yet: queued, or waiting for the connection (`offline`). */
  | { readonly kind: 'waiting'; readonly offline: boolean }
  /** Left out by the budget; `copyAt` when a copy is here (readable, no longer updated). */
  | { readonly kind: 'over-budget'; readonly copyAt: number | null }
  /** Archived and never opened here: not downloaded in the background. */
  | { readonly kind: 'archived'; readonly copyAt: number | null }
  /** The member's changes the relay has not confirmed (the copy is here, of course). */
  | { readonly kind: 'unconfirmed'; readonly count: number }
  /** The relay refused the document on its own (4413 too large, 4404…). */
  | { readonly kind: 'refused'; readonly code: number; readonly reason: string };

/** The facts {@link documentOfflineState} decides from. */
export interface DocumentFacts {
  /** The last stored copy, or null. */
  readonly copy: DocumentCopy | null;
  /** The index's `updatedAt` now. */
  readonly updatedAt: number;
  /** Why the plan leaves it out, if it does. */
  readonly exclusion: OfflineExclusion | undefined;
  /** Being downloaded now. */
  readonly downloading: boolean;
  /** The committee's link is up. */
  readonly connected: boolean;
  /** Local changes (content and review rooms) the relay has not confirmed. */
  readonly unconfirmed: number;
  /** The relay's refusal of one of its rooms, or null. */
  readonly refusal: { readonly code: number; readonly reason: string } | null;
}

/** True when `copy` is at least as recent as the index entry. */
export function isCurrent(copy: DocumentCopy | null, updatedAt: number): boolean {
  return copy !== null && copy.version >= updatedAt;
}

/** The state to show; see the module comment for the order. */
export function documentOfflineState(facts: DocumentFacts): DocumentOfflineState {
  const { refusal } = facts;
  if (refusal !== null) return { kind: 'refused', code: refusal.code, reason: refusal.reason };
  if (facts.unconfirmed > 0) return { kind: 'unconfirmed', count: facts.unconfirmed };
  const { copy } = facts;
  // Left out: said so even when a copy is here and still current, since it is no longer kept so.
  if (facts.exclusion !== undefined) {
    return { kind: facts.exclusion, copyAt: copy?.storedAt ?? null };
  }
  if (copy !== null && isCurrent(copy, facts.updatedAt)) {
    return { kind: 'ready', storedAt: copy.storedAt };
  }
  if (facts.downloading) return { kind: 'downloading' };
  return { kind: 'waiting', offline: !facts.connected };
}
