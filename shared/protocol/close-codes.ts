/**
 * WebSocket close codes the relay uses, each with the reason text sent in the close frame.
 * Stock y-websocket clients stop reconnecting on 4400–4499 (a decision reconnecting cannot fix)
 * and back off and retry on every other code, including 4500–4599 ("try again later").
 */
export const CloseCode = {
  /** Graceful shutdown or restart of the relay: reconnect (RFC 6455 "service restart"). */
  ServiceRestart: 1012,
  /** A frame larger than the configured maximum (RFC 6455 "message too big"). */
  MessageTooBig: 1009,
  /** Malformed, truncated or unknown message, invalid update, invalid room name. */
  BadRequest: 4400,
  /**
   * Token missing, malformed, forged (bad signature) or expired — at the upgrade, or later on an
   * open connection when its token's `exp` passes (reason `token expired`) or a renewal is refused.
   */
  Unauthorized: 4401,
  /** Valid token, but for another workspace (also: a renewal for another user or workspace). */
  Forbidden: 4403,
  /** A review room of a document that does not exist (its content room holds nothing). */
  DocumentNotFound: 4404,
  /** The document would exceed the relay's per-room size limit. */
  RoomTooLarge: 4413,
  /** The client sent more messages or bytes than its rate allows. */
  TooManyMessages: 4429,
  /** The relay could not read or write the room's storage: retry later. */
  StorageUnavailable: 4500,
  /**
   * The workspace's stored bytes reached `ENTENTE_MAX_WORKSPACE_BYTES`: the update was not
   * stored. Retryable (45xx): once space is freed the same update goes through; reading works.
   */
  WorkspaceFull: 4507,
  /** The client does not read what the relay sends (its send buffer overflowed): reconnect. */
  SlowConsumer: 4508,
} as const;

/** One of the close codes above. */
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** Close reasons must fit in a control frame (123 bytes of UTF-8); keep them short and ASCII. */
export function closeReason(text: string): string {
  const ascii = text.replace(/[^\u0020-\u007e]/g, '?');
  return ascii.length > 120 ? `${ascii.slice(0, 117)}...` : ascii;
}
