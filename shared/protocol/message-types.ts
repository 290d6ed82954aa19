/**
 * Numeric message types of the wire protocol. The values are part of the wire format: never
 * reuse or renumber one. 0–3 are the y-websocket types every stock client speaks; 100 and up
 * are Entente extensions, sent only to clients that opted in (see PROTOCOL.md).
 */
export const MessageType = {
  /** y-protocols sync: step 1, step 2 or update. */
  Sync: 0,
  /** y-protocols awareness update. */
  Awareness: 1,
  /** y-protocols auth: permission denied, with a reason. */
  Auth: 2,
  /** Ask the other side to send all awareness states it knows. */
  QueryAwareness: 3,
  /** Entente: the relay has durably stored this connection's updates up to a count. Opt-in. */
  Ack: 100,
  /** Entente, client → relay: a fresh token for this open connection (same user, workspace). */
  Renew: 101,
  /** Entente, relay → client: the renewal was accepted; carries the new expiry. Opt-in. */
  Renewed: 102,
} as const;

/** Sub-types of `MessageType.Sync` (y-protocols/sync). */
export const SyncMessageType = {
  /** A state vector: "send me what I am missing". */
  Step1: 0,
  /** The answer to step 1: an update holding what the asker was missing. */
  Step2: 1,
  /** A live update. */
  Update: 2,
} as const;

/** Sub-types of `MessageType.Auth` (y-protocols/auth). */
export const AuthMessageType = {
  /** Followed by a reason string. */
  PermissionDenied: 0,
} as const;
