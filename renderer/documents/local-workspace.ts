/**
 * "Mon espace": the local workspace, usable at first run with no network. Its index
 * (`<workspace>/_index`) lists the documents; each document is its own room (`<workspace>/<id>`),
 * both kept in a `DocStore` through {@link openPersistedDoc}. A committee workspace (joined
 * through an invitation) is the same class with an `attach` option that connects each room to
 * the relay; its rooms are named `W/_index` and `W/D` as the relay expects.
 *
 * Open rooms are shared by reference count (`open-rooms.ts`): the editor, a rename from the list
 * and the offline download act on the same `Y.Doc`. A committee document stays connected after
 * its last release until the relay has confirmed its changes (or refused them for good).
 *
 * Two ways in: `acquire` is the member's own use of a document (the editor, a rename, a new
 * document), which the `onUse` option hears — documents the member opened or edited are kept
 * offline whatever the budget; `acquireCopy` is the background download of a content or review
 * room for offline reading (`renderer/offline/`), which uses nothing and marks nothing.
 */
import {
  committeeMapOf,
  readCommitteeName,
  setCommitteeName,
} from '../../shared/schema/committee-profile.js';
import * as Y from 'yjs';
import {
  contentOf,
  putIndexEntry,
  readIndex,
  readMeta,
  setCreation,
  setTitle,
  type DocumentKind,
  type IndexEntry,
} from '../../shared/schema/doc-schema.js';
import { minutesIdFor, minutesTitle } from '../../shared/schema/meeting-minutes.js';
import { seedDocument } from '../../shared/schema/seed.js';
import { TEMPLATES } from '../../shared/schema/templates.js';
import { contentRoom, reviewRoom } from '../../shared/model/room-name.js';
import type { DocStore } from '../../shared/storage/doc-store.js';
import type { RoomSync } from '../sync/room-sync.js';
import { excerpt, plainText, searchKey } from './document-text.js';
import { OpenRooms } from './open-rooms.js';
import {
  loadRoomInto,
  openPersistedDoc,
  type PersistedDoc,
  type SyncAttacher,
} from './persisted-doc.js';

/** The rooms of a document: its text and meta (`W/D`), its comments and suggestions (`W/D/_review`). */
export type DocumentPart = 'content' | 'review';

/** Id of the local workspace. */
export const LOCAL_WORKSPACE_ID = 'mon-espace';

/** User id recorded as creator of local documents, until accounts exist. */
export const LOCAL_USER_ID = 'local';

/** A document as the home page lists it. */
export interface DocumentSummary extends IndexEntry {
  /** Document id (room `<workspace>/<id>`). */
  readonly id: string;
}

/** One search hit. */
export interface SearchHit {
  /** Document id. */
  readonly id: string;
  /** Whether the title matched. */
  readonly inTitle: boolean;
  /** Text around the first match in the content, or null when only the title matched. */
  readonly excerpt: string | null;
}

/** What the workspace needs from its host. */
export interface LocalWorkspaceOptions {
  /** Where rooms are kept. */
  readonly store: DocStore;
  /** Current time in ms (injected so tests can fix it). */
  readonly now: () => number;
  /** A fresh random suffix for document ids. */
  readonly randomId: () => string;
  /** Workspace id; defaults to {@link LOCAL_WORKSPACE_ID}. */
  readonly workspaceId?: string;
  /** Connects every room (index and documents) to the relay: committee workspaces only. */
  readonly attach?: SyncAttacher;
  /**
   * What the member may change, asked at each change (a renewed invitation may bring another
   * role); everything by default. A reader's app must never make a change the relay refuses:
   * it would count as unconfirmed forever.
   */
  readonly access?: () => WorkspaceAccess;
  /**
   * Called with a document's id each time the member uses it (`acquire`: opened in the editor,
   * renamed, created, kept for edits an earlier session left unconfirmed). Not called for the
   * background copies of `acquireCopy`.
   */
  readonly onUse?: (id: string) => void;
}

/** What a member may change in a workspace (`accessFor` of their role). */
export interface WorkspaceAccess {
  /** Create, rename and archive documents: the workspace index. */
  readonly index: boolean;
  /** Write the documents themselves: their text and meta (template, title). */
  readonly content: boolean;
  /** Rename the committee: its profile in the index (chair, secretariat); absent: no. */
  readonly profile?: boolean;
}

/** A change the member's role does not allow (the UI hides it; this is the last guard). */
export class ReadOnlyWorkspaceError extends Error {
  constructor(action: string) {
    super(`${action}: this member's role cannot change the workspace`);
    this.name = 'ReadOnlyWorkspaceError';
  }
}

/** The local workspace: index, documents, search. Create with {@link LocalWorkspace.open}. */
export class LocalWorkspace {
  /** Workspace id. */
  readonly id: string;
  readonly #options: LocalWorkspaceOptions;
  readonly #index: PersistedDoc;
  readonly #rooms: OpenRooms;

  private constructor(options: LocalWorkspaceOptions, index: PersistedDoc) {
    this.#options = options;
    this.id = options.workspaceId ?? LOCAL_WORKSPACE_ID;
    this.#index = index;
    this.#rooms = new OpenRooms(options.store, options.attach);
  }

  /** The index room's sync with the relay (a committee), or null ("Mon espace"). */
  get indexConnection(): RoomSync | null {
    return this.#index.connection;
  }

  /** Bytes the local store holds for the index room. */
  indexBytes(): number {
    return this.#index.storedBytes();
  }

  /** Rooms of this workspace loaded right now, besides the index (tests, diagnostics). */
  get loadedRooms(): number {
    return this.#rooms.loaded;
  }

  /** Loads the workspace index from the store. */
  static async open(options: LocalWorkspaceOptions): Promise<LocalWorkspace> {
    const id = options.workspaceId ?? LOCAL_WORKSPACE_ID;
    const index = await openPersistedDoc(options.store, `${id}/_index`, options.attach);
    return new LocalWorkspace(options, index);
  }

  /** Every valid index entry, most recently changed first. */
  list(): DocumentSummary[] {
    return [...readIndex(this.#index.doc)]
      .map(([id, entry]) => ({ id, ...entry }))
      .sort((a, b) => b.updatedAt - a.updatedAt || a.title.localeCompare(b.title, 'fr'));
  }

  /** Calls `listener` after every change of the index; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    const map = this.#index.doc.getMap('documents');
    map.observe(listener);
    return () => map.unobserve(listener);
  }

  /** The committee's display name from its index, or null when none is set. */
  displayName(): string | null {
    return readCommitteeName(this.#index.doc);
  }

  /** Calls `listener` after every change of the committee's profile; returns the unsubscribe. */
  subscribeProfile(listener: () => void): () => void {
    const map = committeeMapOf(this.#index.doc);
    map.observe(listener);
    return () => map.unobserve(listener);
  }

  /** Sets the committee's display name (normalised; an empty or too long one throws). */
  async setDisplayName(name: string): Promise<void> {
    this.#require('rename the committee', 'profile');
    setCommitteeName(this.#index.doc, name);
    await this.#index.flush();
  }

  /** Creates a document of `kind` from its French template; resolves to its id. */
  async create(kind: DocumentKind): Promise<string> {
    const id = `${kind}-${this.#options.randomId()}`;
    await this.#createAs(id, kind);
    return id;
  }

  /**
   * The minutes of the meeting whose agenda is `agendaId`, created from the template on first
   * use. Every replica derives the same id (`minutesIdFor`), so minutes prepared by two members
   * at once, even offline, are one document with the template once. Resolves to its id.
   */
  async minutesFor(agendaId: string): Promise<string> {
    const agenda = this.#entry(agendaId);
    const id = minutesIdFor(agendaId);
    if (!readIndex(this.#index.doc).has(id)) {
      await this.#createAs(id, 'compte-rendu', minutesTitle(agenda.title));
    }
    return id;
  }

  async #createAs(id: string, kind: DocumentKind, title?: string): Promise<void> {
    this.#require('create', 'index', 'content');
    const template = TEMPLATES[kind]();
    const handle = await this.acquire(id);
    try {
      // Seed key = room name: replicas seeding the same room later merge to one copy.
      seedDocument(handle.doc, template, handle.room);
      if (title !== undefined) setTitle(handle.doc, title);
      setCreation(handle.doc, LOCAL_USER_ID, this.#options.now());
      const entryTitle = readMeta(handle.doc).meta.title;
      this.#putEntry(id, { title: entryTitle, kind, archived: false });
      await Promise.all([handle.flush(), this.#index.flush()]);
    } finally {
      this.release(id);
    }
  }

  /** Renames a document (title normalised; an empty title throws). */
  async rename(id: string, title: string): Promise<void> {
    this.#require('rename', 'index', 'content');
    const entry = this.#entry(id);
    const handle = await this.acquire(id);
    try {
      setTitle(handle.doc, title);
      this.#putEntry(id, { ...entry, title: readMeta(handle.doc).meta.title });
      await Promise.all([handle.flush(), this.#index.flush()]);
    } finally {
      this.release(id);
    }
  }

  /** Archives (hides from the default listing) or restores a document. */
  async setArchived(id: string, archived: boolean): Promise<void> {
    this.#require('archive', 'index');
    this.#putEntry(id, { ...this.#entry(id), archived });
    await this.#index.flush();
  }

  /**
   * Finds documents whose title or text contains `query` (case- and accent-insensitive), all
   * locally. Open documents are read in memory; the others straight from the store.
   */
  async search(query: string, includeArchived: boolean): Promise<SearchHit[]> {
    const key = searchKey(query.trim());
    if (key.length === 0) return [];
    const hits: SearchHit[] = [];
    for (const summary of this.list()) {
      if (summary.archived && !includeArchived) continue;
      const text = await this.#textOf(summary.id);
      const inTitle = searchKey(summary.title).includes(key);
      const found = excerpt(text, key);
      if (inTitle || found !== null) hits.push({ id: summary.id, inTitle, excerpt: found });
    }
    return hits;
  }

  /** Opens a document for the member's use; pair every call with {@link release}. */
  acquire(id: string): Promise<PersistedDoc> {
    const ready = this.#rooms.acquire(contentRoom(this.id, id));
    this.#options.onUse?.(id);
    return ready;
  }

  /** Releases a document opened with {@link acquire}; the last release frees it once saved. */
  release(id: string): void {
    this.#rooms.release(contentRoom(this.id, id));
  }

  /**
   * Opens one room of a document for the background copy (shared with the editor if open);
   * pair every call with {@link releaseCopy}. Not a use of the document (`onUse`).
   */
  acquireCopy(id: string, part: DocumentPart): Promise<PersistedDoc> {
    return this.#rooms.acquire(this.#roomOf(id, part));
  }

  /**
   * Runs `task` on one room of a document while that room is not loaded (the background copy
   * at the level of bytes, `renderer/offline/copy-room.ts`); null when it is loaded — use
   * {@link acquireCopy} then. Opening the document meanwhile aborts the task and waits for it.
   */
  copyWhileClosed<T>(
    id: string,
    part: DocumentPart,
    task: (room: string, signal: AbortSignal) => Promise<T>,
  ): Promise<T> | null {
    const room = this.#roomOf(id, part);
    return this.#rooms.whileClosed(room, (signal) => task(room, signal));
  }

  /** Releases a room opened with {@link acquireCopy}. */
  releaseCopy(id: string, part: DocumentPart): void {
    this.#rooms.release(this.#roomOf(id, part));
  }

  /**
   * Opens the document and keeps it connected until the relay confirms its local changes, then
   * closes it (unless someone acquired it meanwhile): used at start for documents an earlier
   * session left unconfirmed.
   */
  keepUntilConfirmed(id: string): void {
    this.acquire(id).then(
      () => this.release(id),
      () => this.release(id),
    );
  }

  /** Records that a document changed now (for the "most recent first" order). */
  touch(id: string): void {
    // Called after any local edit; a reader has none, and must not date the document either.
    if (!this.#access().index) return;
    const entry = readIndex(this.#index.doc).get(id);
    if (entry !== undefined) this.#putEntry(id, entry);
  }

  /**
   * Closes every document (open or kept for the relay) and the index, once their changes are
   * stored; unconfirmed ones stay counted in the sync state for the next session. The workspace
   * cannot be used afterwards.
   */
  async close(): Promise<void> {
    await this.#rooms.closeAll();
    await this.#index.flush().catch(() => undefined);
    await this.#index.destroy();
  }

  /** Waits until every change to the index is stored. */
  flush(): Promise<void> {
    return this.#index.flush();
  }

  #access(): WorkspaceAccess {
    return this.#options.access?.() ?? { index: true, content: true };
  }

  #require(action: string, ...needs: ReadonlyArray<keyof WorkspaceAccess>): void {
    const access = this.#access();
    if (needs.some((need) => access[need] !== true)) throw new ReadOnlyWorkspaceError(action);
  }

  #entry(id: string): IndexEntry {
    const entry = readIndex(this.#index.doc).get(id);
    if (entry === undefined) throw new Error(`unknown document ${id}`);
    return entry;
  }

  #putEntry(id: string, entry: Omit<IndexEntry, 'updatedAt'>): void {
    putIndexEntry(this.#index.doc, id, { ...entry, updatedAt: this.#options.now() });
  }

  #roomOf(id: string, part: DocumentPart): string {
    return part === 'content' ? contentRoom(this.id, id) : reviewRoom(this.id, id);
  }

  async #textOf(id: string): Promise<string> {
    const open = this.#rooms.peek(contentRoom(this.id, id));
    if (open !== undefined) return plainText(contentOf((await open).doc));
    const scratch = new Y.Doc();
    try {
      await loadRoomInto(this.#options.store, contentRoom(this.id, id), scratch);
      return plainText(contentOf(scratch));
    } finally {
      scratch.destroy();
    }
  }
}
