/**
 * Frames a binary WebSocket message as a server sends it (RFC 6455 §5.2: FIN, opcode 2, no
 * mask). The relay frames each relayed update once and writes the same bytes to every receiver,
 * instead of letting `ws` build a header and issue writes per receiver.
 */

/** The complete frame for `payload`: header followed by the payload bytes. */
export function frameBinaryMessage(payload: Uint8Array): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x82; // FIN + binary
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
