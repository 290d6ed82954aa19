/**
 * The Yjs layout of Entente documents. Every name here is part of the stored format: renaming a
 * root type or a key orphans existing data, so changes go through `SCHEMA_VERSION` and
 * `migrateDoc`.
 *
 * A content room (`W/D`) holds:
 * - `content` (`Y.XmlFragment`): the text. Tiptap's Collaboration extension must be configured
 *   with `field: 'content'` (its default, `'default'`, would read an empty fragment).
 * - `meta` (`Y.Map`): `title`, `kind`, `status`, `createdAt` (ms since epoch), `createdBy`
 *   (user id), `schemaVersion`.
 *
 * The workspace index room (`W/_index`) holds `documents` (`Y.Map`): document id →
 * `{ title, kind, archived, updatedAt }` as a plain JSON object (replaced whole on change:
 * entries are small, and last-writer-wins per entry is the intended semantics).
 *
 * Any peer with write access can put anything into these maps, so every reader validates and
 * degrades instead of trusting: `readMeta` fills defaults and reports what was invalid.
 */
import * as Y from 'yjs';
import { isValidId } from '../model/room-name.js';

/** Name of the root `Y.XmlFragment` holding the text (Tiptap Collaboration `field`). */
export const CONTENT_FIELD = 'content';
/** Name of the root `Y.Map` holding document metadata. */
export const META_MAP = 'meta';
/** Name of the root `Y.Map` of the workspace index room. */
export const INDEX_DOCUMENTS_MAP = 'documents';
/** Current layout version, stored in `meta.schemaVersion`. */
export const SCHEMA_VERSION = 1;
/** Longest accepted title, in UTF-16 code units; longer titles are cut when read. */
export const MAX_TITLE_LENGTH = 300;

/** Document kinds, each with its template. */
export const DOCUMENT_KINDS = ['charte', 'ordre-du-jour', 'compte-rendu', 'convention'] as const;
/** A document kind. */
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
/** Document statuses. */
export const DOCUMENT_STATUSES = ['brouillon', 'adopte'] as const;
/** A document status. */
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Validated document metadata. */
export interface DocMeta {
  /** Title shown in lists and the window title. */
  readonly title: string;
  /** Kind of document. */
  readonly kind: DocumentKind;
  /** Draft or adopted. */
  readonly status: DocumentStatus;
  /** Creation time, ms since epoch; 0 when unknown. */
  readonly createdAt: number;
  /** Creator's user id; '' when unknown. */
  readonly createdBy: string;
  /** Layout version the document was last migrated to; 0 when absent. */
  readonly schemaVersion: number;
}

/** What `readMeta` returns: the metadata with defaults, and the keys that were invalid. */
export interface MetaReading {
  /** Metadata, with defaults in place of missing or invalid values. */
  readonly meta: DocMeta;
  /** Keys present but invalid (a buggy or hostile peer); empty when all is well. */
  readonly invalid: readonly (keyof DocMeta)[];
}

/** One entry of the workspace index. */
export interface IndexEntry {
  /** Document title (copy of its `meta.title`, for listing without loading the document). */
  readonly title: string;
  /** Document kind. */
  readonly kind: DocumentKind;
  /** Hidden from the default listing when true. */
  readonly archived: boolean;
  /** Last change, ms since epoch. */
  readonly updatedAt: number;
}

const DEFAULT_META: DocMeta = {
  title: 'Sans titre',
  kind: 'charte',
  status: 'brouillon',
  createdAt: 0,
  createdBy: '',
  schemaVersion: 0,
};

/** The text fragment of a content document. */
export function contentOf(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(CONTENT_FIELD);
}

/** The metadata map of a content document (raw: prefer `readMeta` and the setters). */
export function metaMapOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(META_MAP);
}

/** The `documents` map of a workspace index document (raw: prefer `readIndex`). */
export function indexMapOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(INDEX_DOCUMENTS_MAP);
}

/** True for a kind Entente knows. */
export function isDocumentKind(value: unknown): value is DocumentKind {
  return typeof value === 'string' && (DOCUMENT_KINDS as readonly string[]).includes(value);
}

/** True for a status Entente knows. */
export function isDocumentStatus(value: unknown): value is DocumentStatus {
  return typeof value === 'string' && (DOCUMENT_STATUSES as readonly string[]).includes(value);
}

/** A title as stored: trimmed, control characters turned into spaces, at most `MAX_TITLE_LENGTH`. */
export function normalizeTitle(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    // Control characters (newlines included) would break list rows and window titles.
    out += code < 0x20 || code === 0x7f ? ' ' : char;
  }
  return out.trim().slice(0, MAX_TITLE_LENGTH);
}

function isTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Reads and validates the metadata of a content document. */
export function readMeta(doc: Y.Doc): MetaReading {
  const map = metaMapOf(doc);
  const invalid: (keyof DocMeta)[] = [];
  function pick<K extends keyof DocMeta>(key: K, ok: (v: unknown) => boolean): DocMeta[K] {
    if (!map.has(key)) return DEFAULT_META[key];
    const value = map.get(key);
    if (ok(value)) return value as DocMeta[K];
    invalid.push(key);
    return DEFAULT_META[key];
  }
  const rawTitle = pick('title', (v) => typeof v === 'string' && normalizeTitle(v).length > 0);
  const meta: DocMeta = {
    title: normalizeTitle(rawTitle),
    kind: pick('kind', isDocumentKind),
    status: pick('status', isDocumentStatus),
    createdAt: pick('createdAt', isTimestamp),
    createdBy: pick('createdBy', (v) => typeof v === 'string' && isValidId(v)),
    schemaVersion: pick('schemaVersion', (v) => isTimestamp(v) && v <= SCHEMA_VERSION),
  };
  return { meta, invalid };
}

/** Sets the title (normalised); refuses an empty one. */
export function setTitle(doc: Y.Doc, title: string): void {
  const value = normalizeTitle(title);
  if (value.length === 0) throw new Error('title must not be empty');
  metaMapOf(doc).set('title', value);
}

/** Sets the status. */
export function setStatus(doc: Y.Doc, status: DocumentStatus): void {
  if (!isDocumentStatus(status)) throw new Error(`unknown status ${String(status)}`);
  metaMapOf(doc).set('status', status);
}

/**
 * Records who created the document and when, unless already recorded. Deliberately NOT part of
 * the deterministic seed (see `seed.ts`): two replicas would write different values under the
 * same struct ids. Concurrent calls are ordinary map writes and converge on one value.
 */
export function setCreation(doc: Y.Doc, createdBy: string, createdAt: number): void {
  if (!isValidId(createdBy)) throw new Error('createdBy must be a valid user id');
  if (!isTimestamp(createdAt)) throw new Error('createdAt must be a non-negative integer');
  const map = metaMapOf(doc);
  doc.transact(() => {
    if (!map.has('createdBy')) map.set('createdBy', createdBy);
    if (!map.has('createdAt')) map.set('createdAt', createdAt);
  });
}

/** A migration step: upgrades a document from version `from` to `from + 1`. */
export type Migration = (doc: Y.Doc) => void;

/**
 * Migration hook: `migrations[v]` upgrades from `v` to `v + 1`. Version 0 (no `schemaVersion`)
 * to 1 has nothing to change. Migrations must be idempotent and commutative with themselves:
 * two replicas may migrate the same document concurrently and their writes will merge.
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = Object.freeze({
  0: () => {},
});

/**
 * Brings a document to `SCHEMA_VERSION`. Returns the version found; a document from a newer
 * Entente is left untouched (the caller should open it read-only).
 */
export function migrateDoc(
  doc: Y.Doc,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
): number {
  const map = metaMapOf(doc);
  const raw = map.get('schemaVersion');
  const found = isTimestamp(raw) ? raw : 0;
  if (found >= SCHEMA_VERSION) return found;
  doc.transact(() => {
    for (let v = found; v < SCHEMA_VERSION; v++) {
      const step = migrations[v];
      if (step === undefined) throw new Error(`no migration from schema version ${v}`);
      step(doc);
    }
    map.set('schemaVersion', SCHEMA_VERSION);
  });
  return found;
}

function parseIndexEntry(value: unknown): IndexEntry | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.title !== 'string' || !isDocumentKind(v.kind)) return undefined;
  if (typeof v.archived !== 'boolean' || !isTimestamp(v.updatedAt)) return undefined;
  const title = normalizeTitle(v.title);
  if (title.length === 0) return undefined;
  return { title, kind: v.kind, archived: v.archived, updatedAt: v.updatedAt };
}

/** Validated entries of a workspace index; invalid ids or entries are skipped. */
export function readIndex(doc: Y.Doc): Map<string, IndexEntry> {
  const out = new Map<string, IndexEntry>();
  for (const [id, value] of indexMapOf(doc).entries()) {
    if (!isValidId(id)) continue;
    const entry = parseIndexEntry(value);
    if (entry !== undefined) out.set(id, entry);
  }
  return out;
}

/** Adds or replaces one index entry, after validating it. */
export function putIndexEntry(doc: Y.Doc, id: string, entry: IndexEntry): void {
  if (!isValidId(id)) throw new Error(`invalid document id ${id}`);
  const parsed = parseIndexEntry(entry);
  if (parsed === undefined) throw new Error('invalid index entry');
  indexMapOf(doc).set(id, { ...parsed });
}
