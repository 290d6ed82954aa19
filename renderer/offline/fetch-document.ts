/**
 * One document brought up to date on this computer for offline reading: its content room and
 * its review room, each
 * - when nobody has it loaded (the usual case): copied at the level of bytes (`copy-room.ts`),
 *   the relay's step 2 appended to the local store without building a `Y.Doc`;
 * - when the editor (or a copy kept for the relay) has it loaded: shared with it, synced over
 *   the committee's link until the relay's step 2 is applied and stored, then released.
 * A room opened by the member while its byte copy runs stops that copy and is shared instead.
 */
import type { DocumentPart, LocalWorkspace } from '../documents/local-workspace.js';
import type { PersistedDoc } from '../documents/persisted-doc.js';
import type { DocStore } from '../../shared/storage/doc-store.js';
import type { RoomSync } from '../sync/room-sync.js';
import { copyRoom, type CopyLink, type CopyRoomOutcome } from './copy-room.js';

/** How a download of one document ended. */
export type FetchOutcome =
  /** Both rooms hold what the relay had, and it is stored locally: `bytes` in all. */
  | { readonly kind: 'stored'; readonly bytes: number }
  /** The relay refused one of the rooms on its own (4404, 4413…): not retried blindly. */
  | { readonly kind: 'refused'; readonly code: number; readonly reason: string }
  /**
   * Not brought up to date this time: the link went down or the fetcher stopped (`aborted`), no
   * answer in time (`timeout`), the relay has no content for it yet (`empty`: a document whose
   * index entry arrived before its text), or the local store failed (`failed`).
   */
  | { readonly kind: 'interrupted'; readonly why: 'aborted' | 'timeout' | 'empty' | 'failed' };

/** What {@link fetchDocument} needs from the workspace. */
export type CopySource = Pick<LocalWorkspace, 'acquireCopy' | 'releaseCopy' | 'copyWhileClosed'>;

/** Options of {@link fetchDocument}. */
export interface FetchDocumentOptions {
  /** Where the rooms are opened. */
  readonly workspace: CopySource;
  /** The committee's link (byte copies join their rooms on it). */
  readonly link: CopyLink;
  /** The local store (byte copies read and append there). */
  readonly store: DocStore;
  /** The document. */
  readonly id: string;
  /** Aborted when the link goes down or the download stops. */
  readonly signal: AbortSignal;
  /** Longest wait for the relay's answer, per document. */
  readonly timeoutMs: number;
}

/** How one room's wait ended. */
type RoomWait =
  | { readonly kind: 'synced' }
  | { readonly kind: 'refused'; readonly code: number; readonly reason: string }
  | { readonly kind: 'aborted' | 'timeout' };

const PARTS: readonly DocumentPart[] = ['content', 'review'];

/** Resolves when `connection` is synced, refused, or the wait is given up. */
function whenSynced(connection: RoomSync, signal: AbortSignal, timeoutMs: number) {
  return new Promise<RoomWait>((resolve) => {
    const refusal = (): RoomWait | null => {
      const refused = connection.refusal;
      if (refused?.kind !== 'closed') return null;
      // A refusal of the whole connection is the access alert's; here it only stops the wait.
      return refused.scope === 'room'
        ? { kind: 'refused', code: refused.code, reason: refused.reason }
        : { kind: 'aborted' };
    };
    const immediate = connection.synced ? ({ kind: 'synced' } as const) : refusal();
    if (immediate !== null) {
      resolve(immediate);
      return;
    }
    if (signal.aborted) {
      resolve({ kind: 'aborted' });
      return;
    }
    const done = (result: RoomWait): void => {
      clearTimeout(timer);
      stops.forEach((stop) => stop());
      signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onAbort = (): void => done({ kind: 'aborted' });
    const timer = setTimeout(() => done({ kind: 'timeout' }), timeoutMs);
    const stops = [
      connection.onSynced(() => done({ kind: 'synced' })),
      connection.onRefused(() => {
        const refused = refusal();
        if (refused !== null) done(refused);
      }),
    ];
    signal.addEventListener('abort', onAbort);
  });
}

/** Brings one loaded room (shared with whoever has it open) up to date. */
async function sharedCopy(
  options: FetchDocumentOptions,
  part: DocumentPart,
  signal: AbortSignal,
): Promise<CopyRoomOutcome> {
  const { workspace, id, timeoutMs } = options;
  const ready = workspace.acquireCopy(id, part);
  try {
    let handle: PersistedDoc;
    try {
      handle = await ready;
    } catch {
      return { kind: 'failed' };
    }
    const wait =
      handle.connection === null
        ? ({ kind: 'synced' } as const)
        : await whenSynced(handle.connection, signal, timeoutMs);
    if (wait.kind !== 'synced') return wait;
    try {
      // What the relay sent may wait to share an append (LocalPersistence's deferral): written now.
      await handle.flush();
    } catch {
      return { kind: 'failed' };
    }
    return { kind: 'stored', bytes: handle.storedBytes() };
  } finally {
    // A room that failed to open was released by its entry already; a release is harmless.
    void ready.then(
      () => workspace.releaseCopy(id, part),
      () => workspace.releaseCopy(id, part),
    );
  }
}

/** One room: a byte copy while nobody has it loaded, else (or once opened) the shared one. */
async function copyPart(options: FetchDocumentOptions, part: DocumentPart) {
  const { workspace, id, link, store, signal, timeoutMs } = options;
  let opened = false;
  const bytes = workspace.copyWhileClosed(id, part, (room, openedSignal) => {
    openedSignal.addEventListener('abort', () => (opened = true), { once: true });
    return copyRoom({
      link,
      store,
      room,
      signal: AbortSignal.any([signal, openedSignal]),
      timeoutMs,
    });
  });
  const outcome = bytes === null ? null : await bytes;
  // Opened meanwhile: the member's copy is loaded now; bring that one up to date.
  if (outcome !== null && !(outcome.kind === 'aborted' && opened && !signal.aborted))
    return outcome;
  return sharedCopy(options, part, signal);
}

const PRECEDENCE = ['refused', 'failed', 'timeout', 'aborted'] as const;

/** Downloads one document (both rooms); never rejects. */
export async function fetchDocument(options: FetchDocumentOptions): Promise<FetchOutcome> {
  const [content, review] = await Promise.all(PARTS.map((part) => copyPart(options, part)));
  for (const kind of PRECEDENCE) {
    const unfinished = [content!, review!].find((outcome) => outcome.kind === kind);
    if (unfinished === undefined) continue;
    if (unfinished.kind === 'refused') return unfinished;
    return { kind: 'interrupted', why: kind as 'failed' | 'timeout' | 'aborted' };
  }
  if (content!.kind !== 'stored' || review!.kind !== 'stored')
    return { kind: 'interrupted', why: 'failed' };
  if (content!.bytes === 0) return { kind: 'interrupted', why: 'empty' };
  return { kind: 'stored', bytes: content!.bytes + review!.bytes };
}
