/**
 * The documents this member opened last, across workspaces, for the sidebar's "Récents". Kept
 * in localStorage as (workspace, id, when) only: the title is read from the workspace's index
 * when shown, so a rename shows at once and a document that is gone (or a committee left)
 * simply drops out. Device-local on purpose: what one opened is nobody else's business and
 * does not belong in a shared room.
 */

/** localStorage key of the list. */
export const RECENT_KEY = 'entente.recentDocuments';

/** How many documents the list keeps. */
export const MAX_RECENT = 8;

/** One document opened. */
export interface RecentEntry {
  readonly workspace: string;
  readonly id: string;
  /** When it was last opened (ms since the epoch). */
  readonly at: number;
}

function isEntry(value: unknown): value is RecentEntry {
  if (typeof value !== 'object' || value === null) return false;
  const { workspace, id, at } = value as Record<string, unknown>;
  return (
    typeof workspace === 'string' &&
    workspace.length > 0 &&
    typeof id === 'string' &&
    id.length > 0 &&
    typeof at === 'number' &&
    Number.isFinite(at)
  );
}

/** The entries of a stored value, newest first; anything malformed is dropped, never thrown. */
export function parseRecent(raw: string | null): RecentEntry[] {
  if (raw === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value
    .filter(isEntry)
    .map(({ workspace, id, at }) => ({ workspace, id, at }))
    .sort((a, b) => b.at - a.at)
    .slice(0, MAX_RECENT);
}

/** `list` with `opened` first, its older occurrence removed, at most {@link MAX_RECENT}. */
export function withOpened(list: readonly RecentEntry[], opened: RecentEntry): RecentEntry[] {
  const rest = list.filter((e) => e.workspace !== opened.workspace || e.id !== opened.id);
  return [opened, ...rest].slice(0, MAX_RECENT);
}

/** The list in `storage`, kept in step across windows, with its listeners. */
export class RecentDocuments {
  readonly #storage: Storage;
  readonly #listeners = new Set<() => void>();
  #list: RecentEntry[];

  constructor(storage: Storage) {
    this.#storage = storage;
    this.#list = parseRecent(storage.getItem(RECENT_KEY));
  }

  /** Newest first. */
  get list(): readonly RecentEntry[] {
    return this.#list;
  }

  /** Records that `id` of `workspace` was opened at `at`. */
  opened(workspace: string, id: string, at: number): void {
    this.#list = withOpened(this.#list, { workspace, id, at });
    try {
      this.#storage.setItem(RECENT_KEY, JSON.stringify(this.#list));
    } catch {
      // A full storage loses the list, not the document: it is shown from memory this session.
    }
    this.#emit();
  }

  /** Re-reads the stored list (another window changed it: the `storage` event). */
  reload(): void {
    this.#list = parseRecent(this.#storage.getItem(RECENT_KEY));
    this.#emit();
  }

  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}
