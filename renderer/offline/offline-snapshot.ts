/**
 * What the committee's home page shows about its offline copies, computed from the index, the
 * plan and the records in one pass (`buildSnapshot`, pure): the counts of the progress ("12 / 48
 * documents disponibles hors ligne"), the bytes, and each document's state.
 */
import type { OfflinePlan } from '../../shared/offline/offline-plan.js';
import type { IndexEntry } from '../../shared/schema/doc-schema.js';
import { documentOfflineState, isCurrent, type DocumentOfflineState } from './document-state.js';
import type { DocumentCopy } from './offline-records.js';

/** The offline side of a committee at one moment. */
export interface OfflineSnapshot {
  /** Documents the app keeps on this computer (`data-offline-total`). */
  readonly total: number;
  /**
   * Of those, the ones that can be read offline now: a copy as recent as the index says, or the
   * member's own unconfirmed edits (`data-offline-ready`).
   */
  readonly ready: number;
  /** Documents being downloaded now. */
  readonly downloading: number;
  /** Kept documents not available yet that this connection will still try (busy included). */
  readonly remaining: number;
  /** Documents left out by the budget and not here in a current copy. */
  readonly overBudget: number;
  /** Archived documents not downloaded (never opened here). */
  readonly archived: number;
  /** The committee's link is up. */
  readonly connected: boolean;
  /** Downloads are held (the local disk is failing or nearly full). */
  readonly paused: boolean;
  /** The document list is known: the index synced once, this session or a first download ago. */
  readonly listKnown: boolean;
  /** A first download of the whole committee completed once on this profile. */
  readonly firstDownloadDone: boolean;
  /** Bytes the committee's local copies take (index, content and review rooms). */
  readonly usedBytes: number;
  /** The member's budget, in bytes. */
  readonly budgetBytes: number;
  /** Every listed document's state, by id. */
  readonly documents: ReadonlyMap<string, DocumentOfflineState>;
}

/** The facts {@link buildSnapshot} reads. */
export interface SnapshotInput {
  /** The index's entries, by id. */
  readonly entries: ReadonlyMap<string, IndexEntry>;
  /** The current plan. */
  readonly plan: OfflinePlan;
  /** The stored copy of a document, or null. */
  readonly copyOf: (id: string) => DocumentCopy | null;
  /** Ids being downloaded. */
  readonly busy: ReadonlySet<string>;
  /** True when document `id` is still to be tried on this connection. */
  readonly due: (id: string) => boolean;
  /** Local changes of a document the relay has not confirmed. */
  readonly unconfirmedOf: (id: string) => number;
  /** The relay's refusal of one of a document's rooms, or null. */
  readonly refusalOf: (id: string) => { readonly code: number; readonly reason: string } | null;
  /** Bytes of the index room. */
  readonly indexBytes: number;
  readonly connected: boolean;
  readonly paused: boolean;
  readonly listKnown: boolean;
  readonly firstDownloadDone: boolean;
  readonly budgetBytes: number;
}

/** Computes the snapshot; see {@link OfflineSnapshot} for each field. */
export function buildSnapshot(input: SnapshotInput): OfflineSnapshot {
  const kept = new Set(input.plan.keep);
  const documents = new Map<string, DocumentOfflineState>();
  let ready = 0;
  let overBudget = 0;
  let archived = 0;
  let remaining = 0;
  let usedBytes = input.indexBytes;
  for (const [id, entry] of input.entries) {
    const copy = input.copyOf(id);
    if (copy !== null) usedBytes += copy.bytes;
    const state = documentOfflineState({
      copy,
      updatedAt: entry.updatedAt,
      exclusion: input.plan.excluded.get(id),
      downloading: input.busy.has(id),
      connected: input.connected,
      unconfirmed: input.unconfirmedOf(id),
      refusal: input.refusalOf(id),
    });
    documents.set(id, state);
    // Edited here and not yet on the relay, or refused by it while a copy is here: readable
    // offline whatever the index says (the row says the rest).
    const available =
      isCurrent(copy, entry.updatedAt) ||
      state.kind === 'unconfirmed' ||
      (state.kind === 'refused' && (copy !== null || input.unconfirmedOf(id) > 0));
    if (kept.has(id) && available) ready += 1;
    if (kept.has(id) && !available && (input.busy.has(id) || input.due(id))) remaining += 1;
    if (state.kind === 'over-budget') overBudget += 1;
    if (state.kind === 'archived') archived += 1;
  }
  return {
    total: kept.size,
    ready,
    downloading: input.busy.size,
    remaining,
    overBudget,
    archived,
    connected: input.connected,
    paused: input.paused,
    listKnown: input.listKnown,
    firstDownloadDone: input.firstDownloadDone,
    usedBytes,
    budgetBytes: input.budgetBytes,
    documents,
  };
}

/** Where the download is, for the UI's text and `data-offline-phase`. */
export type OfflinePhase = 'listing' | 'downloading' | 'paused' | 'incomplete' | 'done';

/**
 * The phase of `snapshot`: the list not known yet; every kept document here (`done`); some
 * missing while the link is down or the disk fails (`paused`), while downloads are still to run
 * on this connection (`downloading`), or with none left to try before the next connection
 * (`incomplete`: the relay did not answer in time, or holds no text for them yet).
 */
export function offlinePhase(snapshot: OfflineSnapshot): OfflinePhase {
  if (!snapshot.listKnown) return 'listing';
  if (snapshot.ready >= snapshot.total) return 'done';
  if (!snapshot.connected || snapshot.paused) return 'paused';
  return snapshot.remaining > 0 ? 'downloading' : 'incomplete';
}
