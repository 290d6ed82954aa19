/**
 * Frames binary WebSocket messages as a server sends them (RFC 6455 §5.2: no mask). The relay
 * frames each relayed update once and writes the same bytes to every receiver, instead of
 * letting `ws` build a header and issue writes per receiver.
 */

/** The complete frame for `payload`: header followed by the payload bytes. */
export function frameBinaryMessage(payload: Uint8Array): Buffer {
  return frame(0x82, payload); // FIN + binary
}

/**
 * A binary message in two fragments (RFC 6455 §5.4), for multiplexed connections: the first,
 * `head` (a channel number), differs per receiver and is tiny; the second, the continuation
 * holding the message, is the same for every receiver of a relayed update, so it is framed once
 * and written to each, as `frameBinaryMessage` does for whole messages. Both must be written
 * back to back: no other data frame may come between the fragments of a message.
 */
export function frameFirstFragment(head: Uint8Array): Buffer {
  return frame(0x02, head); // binary, not FIN
}

/** The last fragment of a message begun by `frameFirstFragment`. */
export function frameLastFragment(payload: Uint8Array): Buffer {
  return frame(0x80, payload); // FIN + continuation
}

function frame(first: number, payload: Uint8Array): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = first;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.set(payload, headerLength);
  return frame;
}
