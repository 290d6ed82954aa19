/**
 * One document brought up to date on this computer for offline reading: its content room and
 * its review room are loaded from the local store (or shared with the editor if it has them
 * open), synced over the committee's link until the relay's step 2 is applied and stored, then
 * released — a document nobody has open is freed again, so a download holds only the rooms
 * currently in flight.
 */
import type { DocumentPart, LocalWorkspace } from '../documents/local-workspace.js';
import type { PersistedDoc } from '../documents/persisted-doc.js';
import type { RoomSync } from '../sync/room-sync.js';

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
export type CopySource = Pick<LocalWorkspace, 'acquireCopy' | 'releaseCopy'>;

/** Options of {@link fetchDocument}. */
export interface FetchDocumentOptions {
  /** Where the rooms are opened. */
  readonly workspace: CopySource;
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

/** Downloads one document (both rooms); never rejects. */
export async function fetchDocument(options: FetchDocumentOptions): Promise<FetchOutcome> {
  const { workspace, id, signal, timeoutMs } = options;
  const acquired = PARTS.map((part) => ({ part, ready: workspace.acquireCopy(id, part) }));
  try {
    let handles: PersistedDoc[];
    try {
      handles = await Promise.all(acquired.map(({ ready }) => ready));
    } catch {
      return { kind: 'interrupted', why: 'failed' };
    }
    const waits = await Promise.all(
      handles.map((handle) =>
        handle.connection === null
          ? ({ kind: 'synced' } as const)
          : whenSynced(handle.connection, signal, timeoutMs),
      ),
    );
    for (const wait of waits) if (wait.kind === 'refused') return wait;
    const unfinished = waits.find((wait) => wait.kind !== 'synced');
    if (unfinished !== undefined) {
      return { kind: 'interrupted', why: unfinished.kind === 'timeout' ? 'timeout' : 'aborted' };
    }
    try {
      // What the relay sent may wait to share an append (LocalPersistence's deferral): written now.
      await Promise.all(handles.map((handle) => handle.flush()));
    } catch {
      return { kind: 'interrupted', why: 'failed' };
    }
    const [content, review] = handles as [PersistedDoc, PersistedDoc];
    if (content.storedBytes() === 0) return { kind: 'interrupted', why: 'empty' };
    return { kind: 'stored', bytes: content.storedBytes() + review.storedBytes() };
  } finally {
    for (const { part, ready } of acquired) {
      // A room that failed to open was released by its entry already; a release is harmless.
      void ready.then(
        () => workspace.releaseCopy(id, part),
        () => workspace.releaseCopy(id, part),
      );
    }
  }
}
