/**
 * Awareness (presence: who is here, where their caret is) as the relay sees it. The relay does
 * not trust what a client says about itself: it re-writes every state so that `user` holds the
 * identity from the verified token, and it lets a connection speak only for the awareness
 * client ids it introduced itself (see `AwarenessRegistry` in the relay).
 *
 *   awarenessUpdate := varUint(n) • n × ( varUint(clientID) • varUint(clock) • varString(stateJSON) )
 *
 * `stateJSON` is `null` when the client leaves.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** One entry of an awareness update. */
export interface AwarenessEntry {
  /** The Yjs client id the state belongs to. */
  readonly clientId: number;
  /** Lamport clock of the state; a higher clock wins on every peer. */
  readonly clock: number;
  /** The state as JSON text; `'null'` when the client left. */
  readonly state: string;
}

/** Limits on awareness updates, to bound memory per connection and per room. */
export interface AwarenessLimits {
  /** Most entries in one update. */
  readonly maxEntries: number;
  /** Largest state JSON, in bytes (UTF-16 code units, as measured on the string). */
  readonly maxStateLength: number;
}

/** Defaults: a stock client sends one entry; a caret state is well under 1 KiB. */
export const DEFAULT_AWARENESS_LIMITS: AwarenessLimits = {
  maxEntries: 16,
  maxStateLength: 16 * 1024,
};

/** Result of parsing an awareness update. */
export type AwarenessParse =
  { ok: true; entries: AwarenessEntry[] } | { ok: false; reason: string };

/** Parses an awareness update, refusing anything malformed or over the limits. */
export function parseAwarenessUpdate(update: Uint8Array, limits: AwarenessLimits): AwarenessParse {
  const decoder = decoding.createDecoder(update);
  try {
    const count = decoding.readVarUint(decoder);
    if (count > limits.maxEntries) return { ok: false, reason: 'too many awareness entries' };
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      if (state.length > limits.maxStateLength)
        return { ok: false, reason: 'awareness state too large' };
      if (clientId > 0xffffffff) return { ok: false, reason: 'invalid awareness client id' };
      entries.push({ clientId, clock, state });
    }
    if (decoding.hasContent(decoder))
      return { ok: false, reason: 'trailing bytes after awareness update' };
    return { ok: true, entries };
  } catch (error) {
    return {
      ok: false,
      reason: `malformed awareness update: ${error instanceof Error ? error.message : ''}`,
    };
  }
}

/** Encodes entries as an awareness update. */
export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}

/** The verified identity the relay puts in every awareness state it relays. */
export interface AwarenessUser {
  /** User id from the token. */
  readonly id: string;
  /** Display name from the token. */
  readonly name: string;
  /** Organisation from the token. */
  readonly org: string;
  /** Role from the token. */
  readonly role: string;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

/**
 * Re-writes one state so that its `user` is the verified identity. The client may choose its
 * caret colour (a plain `#rrggbb`), nothing else about `user`. Returns null for a state that is
 * not a JSON object (or `null`), which the relay refuses.
 */
export function rewriteAwarenessState(state: string, user: AwarenessUser): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(state);
  } catch {
    return null;
  }
  if (parsed === null) return 'null';
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const claimed = (parsed as { user?: unknown }).user;
  const color =
    typeof claimed === 'object' &&
    claimed !== null &&
    typeof (claimed as { color?: unknown }).color === 'string'
      ? (claimed as { color: string }).color
      : undefined;
  const verified: Record<string, string> = { ...user };
  if (color !== undefined && COLOR.test(color)) verified['color'] = color;
  return JSON.stringify({ ...(parsed as Record<string, unknown>), user: verified });
}
