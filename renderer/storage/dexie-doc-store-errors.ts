/**
 * How the Dexie store reports IndexedDB failures. IndexedDB fails in ways a file-backed store
 * does not: the browser may delete or reset the whole database under an open connection (the
 * user clears site data, another tab deletes it, Electron resets a corrupt or full backing store),
 * and writes fail with `QuotaExceededError` long before the disk is really full. Each of these
 * must reach the caller as a rejected promise that says what happened (DS1 applies only to rooms
 * never written: an empty answer after such a failure would silently lose a document).
 */

/** Why a Dexie store operation failed; lets the UI choose between "free space" and "reload". */
export type DexieFailureReason =
  /** The origin's quota or the disk is full: nothing of the operation was written (DS2). */
  | 'quota'
  /**
   * The database connection is gone: deleted, reset or upgraded by someone else, or closed by
   * the browser. This store instance cannot be used again; its data may be gone.
   */
  | 'lost'
  /** Any other IndexedDB failure (I/O error, aborted transaction, unreadable data). */
  | 'failed';

/** The error a `DexieDocStore` rejects with when IndexedDB fails. */
export class DexieDocStoreError extends Error {
  /** What kind of failure this is; see `DexieFailureReason`. */
  readonly reason: DexieFailureReason;
  /** The IndexedDB database name (the user profile) the store was opened on. */
  readonly database: string;

  /**
   * @param reason the kind of failure
   * @param database the IndexedDB database name, named in the message
   * @param detail what failed, appended to the message
   * @param options the underlying error as `cause`
   */
  constructor(
    reason: DexieFailureReason,
    database: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`dexie doc store ${JSON.stringify(database)}: ${detail}`, options);
    this.name = 'DexieDocStoreError';
    this.reason = reason;
    this.database = database;
  }
}

/**
 * True when `error`, or an error it wraps, is a quota failure. Dexie wraps the DOMException in
 * `inner` (and an aborted transaction's `AbortError` carries the original as `inner` too), so the
 * chain is walked rather than the top-level name trusted.
 */
export function isQuotaError(error: unknown): boolean {
  return errorChain(error).some((e) => e.name === 'QuotaExceededError');
}

/** The error and those it wraps (`inner` from Dexie, `cause` from ES2022), outermost first. */
export function errorChain(error: unknown): Array<{ name: string; message: string }> {
  const chain: Array<{ name: string; message: string }> = [];
  let current: unknown = error;
  // Bounded: a cyclic `cause` must not hang error reporting.
  while (current !== null && typeof current === 'object' && chain.length < 8) {
    const { name, message, inner, cause } = current as {
      name?: unknown;
      message?: unknown;
      inner?: unknown;
      cause?: unknown;
    };
    chain.push({ name: String(name ?? 'Error'), message: String(message ?? '') });
    current = inner ?? cause;
  }
  if (chain.length === 0) chain.push({ name: 'Error', message: String(error) });
  return chain;
}

/**
 * `Name: message` of the error, with the innermost one where IndexedDB says what really went
 * wrong (Dexie reports a failed commit as `AbortError` whose message is the inner error's name).
 */
export function describeIdbError(error: unknown): string {
  const chain = errorChain(error);
  const outer = chain[0]!;
  const inner = chain.at(-1)!;
  const text = (e: { name: string; message: string }) =>
    e.message.trim() ? `${e.name}: ${e.message.trim()}` : e.name;
  if (inner === outer) return text(outer);
  return outer.message.trim() === '' || outer.message.includes(inner.name)
    ? `${outer.name}: ${text(inner)}`
    : `${text(outer)} (caused by ${text(inner)})`;
}
