/**
 * What this profile remembers about a committee's offline copies, in its localStorage (one key
 * per committee, `entente.offline.<workspace>`; memberships and the language live there too,
 * and Electron gives each profile its own): the member's budget, whether the first download
 * ever completed (the home page then shows a quiet summary instead of the progress), the
 * documents the member opened or edited (kept whatever the budget), and per downloaded
 * document the index version it was stored at and the bytes it took.
 *
 * NOTE: only bookkeeping, never content. A record lost (a crash before the debounced write,
 * storage cleared) makes a document look "waiting" until it is downloaded again; a record that
 * outlives its document's rooms (IndexedDB reset alone) is dropped at start by
 * `CommitteeOffline`, which checks the store. Whatever is read is validated: a damaged value
 * falls back to the default, never to a crash.
 */
import { isValidId } from '../../shared/model/room-name.js';
import {
  DEFAULT_OFFLINE_BUDGET_BYTES,
  MAX_OFFLINE_BUDGET_BYTES,
} from '../../shared/offline/offline-plan.js';

/** The local copy of one document, as last stored. */
export interface DocumentCopy {
  /** The index `updatedAt` the document had when its download started. */
  readonly version: number;
  /** Bytes its rooms (content and review) took in the local store then. */
  readonly bytes: number;
  /** When it was stored (ms since epoch). */
  readonly storedAt: number;
}

/** localStorage key of a committee's records. */
export function offlineRecordsKey(workspace: string): string {
  return `entente.offline.${workspace}`;
}

/** How long copy records may wait to be written together (many arrive during a download). */
const WRITE_DELAY_MS = 500;

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** True for a budget the app accepts (whole bytes, within the bounds). */
export function isBudget(value: unknown): value is number {
  return isCount(value) && value <= MAX_OFFLINE_BUDGET_BYTES;
}

interface Parsed {
  budgetBytes: number;
  firstDownloadDone: boolean;
  pinned: Set<string>;
  copies: Map<string, DocumentCopy>;
}

function parse(raw: string | null): Parsed {
  const parsed: Parsed = {
    budgetBytes: DEFAULT_OFFLINE_BUDGET_BYTES,
    firstDownloadDone: false,
    pinned: new Set(),
    copies: new Map(),
  };
  let value: unknown;
  try {
    value = JSON.parse(raw ?? 'null');
  } catch {
    return parsed;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return parsed;
  const record = value as Record<string, unknown>;
  if (isBudget(record.budget)) parsed.budgetBytes = record.budget;
  parsed.firstDownloadDone = record.done === true;
  if (Array.isArray(record.pinned)) {
    for (const id of record.pinned as unknown[])
      if (typeof id === 'string' && isValidId(id)) parsed.pinned.add(id);
  }
  const copies = record.copies;
  if (typeof copies === 'object' && copies !== null && !Array.isArray(copies)) {
    for (const [id, copy] of Object.entries(copies as Record<string, unknown>)) {
      if (!isValidId(id) || !Array.isArray(copy) || copy.length !== 3) continue;
      const [version, bytes, storedAt] = copy as unknown[];
      if (isCount(version) && isCount(bytes) && isCount(storedAt))
        parsed.copies.set(id, { version, bytes, storedAt });
    }
  }
  return parsed;
}

/** A committee's offline bookkeeping; see the module comment. */
export class OfflineRecords {
  readonly #storage: Storage;
  readonly #key: string;
  readonly #data: Parsed;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Reads the records of `workspace` from `storage` (defaults when absent or damaged). */
  constructor(storage: Storage, workspace: string) {
    this.#storage = storage;
    this.#key = offlineRecordsKey(workspace);
    let raw: string | null = null;
    try {
      raw = storage.getItem(this.#key);
    } catch {
      // A storage the page may not read (disabled by policy): start from the defaults.
    }
    this.#data = parse(raw);
  }

  /** The member's budget for this committee's offline copies, in bytes. */
  get budgetBytes(): number {
    return this.#data.budgetBytes;
  }

  /** Sets the budget (stored at once); throws a `RangeError` for a value that is not one. */
  setBudget(bytes: number): void {
    if (!isBudget(bytes)) throw new RangeError(`not an offline budget: ${bytes}`);
    this.#data.budgetBytes = bytes;
    this.flush();
  }

  /** True once a first download of the whole committee completed on this profile. */
  get firstDownloadDone(): boolean {
    return this.#data.firstDownloadDone;
  }

  /** Records that the first download completed (stored at once). */
  markFirstDownloadDone(): void {
    if (this.#data.firstDownloadDone) return;
    this.#data.firstDownloadDone = true;
    this.flush();
  }

  /** True when the member opened or edited document `id`. */
  isPinned(id: string): boolean {
    return this.#data.pinned.has(id);
  }

  /** Records that the member used document `id`; true when it was not pinned before. */
  pin(id: string): boolean {
    if (!isValidId(id) || this.#data.pinned.has(id)) return false;
    this.#data.pinned.add(id);
    this.flush();
    return true;
  }

  /** The stored copy of document `id`, or null. */
  copyOf(id: string): DocumentCopy | null {
    return this.#data.copies.get(id) ?? null;
  }

  /** Ids of every document with a recorded copy. */
  copies(): string[] {
    return [...this.#data.copies.keys()];
  }

  /** Records the copy of `id` just stored (written with the next batch). */
  putCopy(id: string, copy: DocumentCopy): void {
    if (!isValidId(id)) return;
    this.#data.copies.set(id, copy);
    this.#writeSoon();
  }

  /** Forgets the copy of `id` (its rooms are not in the store any more). */
  forgetCopy(id: string): void {
    if (this.#data.copies.delete(id)) this.#writeSoon();
  }

  /** Writes everything now. A storage that refuses (full, disabled) is reported, not thrown. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const { budgetBytes, firstDownloadDone, pinned, copies } = this.#data;
    const value = {
      budget: budgetBytes,
      done: firstDownloadDone,
      pinned: [...pinned],
      copies: Object.fromEntries(
        [...copies].map(([id, copy]) => [id, [copy.version, copy.bytes, copy.storedAt]]),
      ),
    };
    try {
      this.#storage.setItem(this.#key, JSON.stringify(value));
    } catch (error) {
      // Only bookkeeping is at stake (see the module note); the documents are in IndexedDB.
      console.warn(`offline records of ${this.#key} not saved: ${String(error)}`);
    }
  }

  #writeSoon(): void {
    this.#timer ??= setTimeout(() => this.flush(), WRITE_DELAY_MS);
  }
}
