/**
 * A minimal WebSocket client over `node:net` for the throughput generators. It counts the
 * sync-update messages it receives without decoding them and without an event per message
 * (`ws` allocates a Buffer and emits an event per frame): on a 2-core machine shared with the
 * server, the generator must cost far less CPU per message than the relay does, or it, not the
 * server, would set the ceiling. Writers send many frames in one socket write.
 *
 * NOTE: client frames are masked with an all-zero key. RFC 6455 requires a mask (servers check
 * the bit, and both servers unmask every frame), and its unpredictability only protects
 * intermediaries from cache poisoning by browser scripts — nothing of that on loopback.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** How a connection closed: the close frame's code and reason, or 1006 when none came. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

const OPCODE_CONTINUATION = 0x0;
const OPCODE_BINARY = 0x2;
const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;

/** Builds one masked (zero key) client frame header + payload for each payload, in one Buffer. */
function encodeClientFrames(opcode: number, payloads: readonly Uint8Array[]): Buffer {
  let size = 0;
  for (const p of payloads) size += p.length + (p.length < 126 ? 6 : p.length < 65536 ? 8 : 14);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const p of payloads) {
    out[at++] = 0x80 | opcode;
    if (p.length < 126) out[at++] = 0x80 | p.length;
    else if (p.length < 65536) {
      out[at++] = 0x80 | 126;
      out.writeUInt16BE(p.length, at);
      at += 2;
    } else {
      out[at++] = 0x80 | 127;
      out.writeBigUInt64BE(BigInt(p.length), at);
      at += 8;
    }
    out.writeUInt32BE(0, at); // mask key
    at += 4;
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** How a light socket connects and reads. */
export interface LightSocketOptions {
  /** Subprotocols to offer (`Sec-WebSocket-Protocol`). */
  readonly protocols?: readonly string[];
  /** Frames are multiplexed (`varUint(channel) • message`): skip the channel when counting. */
  readonly channelled?: boolean;
  /** Local address to connect from (127.0.0.x): spreads many sockets over more source ports. */
  readonly localAddress?: string;
}

/** A receive-counting, batch-sending WebSocket client. */
export class LightSocket {
  /** Sync-update messages (`[0, 2, …]`) received. */
  updates = 0;
  /** Sync step 1 messages (`[0, 0, …]`, the relay's greeting of a room) received. */
  greetings = 0;
  /** Called after each received sync-update message (used by the windowing watcher). */
  onUpdate: (() => void) | null = null;
  /** Set once the connection closed. */
  closeInfo: CloseInfo | null = null;
  /** Resolves when the upgrade succeeded; rejects if the connection ended before. */
  readonly opened: Promise<void>;
  /** Resolves when the connection is gone. */
  readonly closed: Promise<CloseInfo>;

  private readonly socket: Socket;
  private upgraded = false;
  private pending: Buffer | null = null;
  private skip = 0;
  private closeFrame: CloseInfo | null = null;

  private readonly channelled: boolean;
  private inFragments = false;

  constructor(port: number, path: string, options: LightSocketOptions = {}) {
    this.channelled = options.channelled === true;
    this.socket = connect({
      host: '127.0.0.1',
      port,
      ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
    });
    this.socket.setNoDelay(true);
    let opened!: () => void;
    let failed!: (error: Error) => void;
    this.opened = new Promise<void>((ok, fail) => {
      opened = ok;
      failed = fail;
    });
    this.opened.catch(() => undefined);
    this.closed = new Promise<CloseInfo>((ok) => {
      this.socket.once('close', () => {
        this.closeInfo = this.closeFrame ?? { code: 1006, reason: 'connection lost' };
        if (!this.upgraded) failed(new Error(`closed before upgrade (${this.closeInfo.reason})`));
        ok(this.closeInfo);
      });
    });
    this.socket.on('error', () => undefined);
    this.socket.once('connect', () => {
      const key = randomBytes(16).toString('base64');
      const protocols =
        options.protocols === undefined
          ? ''
          : `Sec-WebSocket-Protocol: ${options.protocols.join(', ')}\r\n`;
      this.socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n` +
          `${protocols}\r\n`,
      );
    });
    this.socket.on('data', (chunk: Buffer) => {
      if (this.upgraded) return this.onFrames(chunk);
      const data = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) {
        this.pending = data;
        return;
      }
      this.pending = null;
      const status = data.subarray(0, data.indexOf('\r\n')).toString('latin1');
      if (!/^HTTP\/1\.1 101 /.test(status)) {
        failed(new Error(`upgrade refused: ${status}`));
        this.socket.destroy();
        return;
      }
      this.upgraded = true;
      opened();
      if (end + 4 < data.length) this.onFrames(data.subarray(end + 4));
    });
  }

  /** Sends binary messages in one write. */
  send(payloads: readonly Uint8Array[]): void {
    if (payloads.length === 0 || this.closeInfo !== null || this.socket.destroyed) return;
    this.socket.write(encodeClientFrames(OPCODE_BINARY, payloads));
  }

  /** Starts a normal close (1000) and ends the socket shortly after. */
  close(): void {
    if (this.socket.destroyed) return;
    const payload = Buffer.from([0x03, 0xe8]);
    this.socket.end(encodeClientFrames(OPCODE_CLOSE, [payload]));
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  private onFrames(chunk: Buffer): void {
    let data = chunk;
    if (this.skip > 0) {
      // The rest of a large data message already counted: skip its bytes.
      if (data.length <= this.skip) {
        this.skip -= data.length;
        return;
      }
      data = data.subarray(this.skip);
      this.skip = 0;
    }
    if (this.pending !== null) {
      data = Buffer.concat([this.pending, data]);
      this.pending = null;
    }
    const n = data.length;
    let at = 0;
    while (at + 2 <= n) {
      const opcode = (data[at] ?? 0) & 0x0f;
      const fin = ((data[at] ?? 0) & 0x80) !== 0;
      let length = (data[at + 1] ?? 0) & 0x7f;
      let header = 2;
      if (length === 126) {
        if (at + 4 > n) break;
        length = data.readUInt16BE(at + 2);
        header = 4;
      } else if (length === 127) {
        if (at + 10 > n) break;
        length = Number(data.readBigUInt64BE(at + 2));
        header = 10;
      }
      const start = at + header;
      const end = start + length;
      if (end > n) {
        // A data message needs only its first bytes to be classified (two, after a channel
        // number of up to five); do not buffer the rest.
        const head = Math.min(length, this.channelled ? 7 : 2);
        if (opcode === OPCODE_BINARY && length >= 2 && start + head <= n) {
          this.onMessage(opcode, fin, data, start, length);
          this.skip = end - n;
          at = n;
        }
        break;
      }
      this.onMessage(opcode, fin, data, start, length);
      at = end;
    }
    // Copy the tail so a large chunk is not kept alive by a few leftover bytes.
    if (at < n) this.pending = Buffer.from(data.subarray(at));
  }

  private onMessage(
    opcode: number,
    fin: boolean,
    data: Buffer,
    start: number,
    length: number,
  ): void {
    // A multiplexed relay sends a message as two fragments: the channel number, then the
    // room's message in a continuation frame (`sendPrefixed`): classify that one.
    if (opcode === OPCODE_BINARY && !fin && this.channelled) {
      this.inFragments = true;
      return;
    }
    if (opcode === OPCODE_CONTINUATION && this.inFragments) {
      if (fin) this.inFragments = false;
      this.classify(data, start, start + length);
      return;
    }
    if (opcode === OPCODE_BINARY) {
      let at = start;
      // A channel number first: varUint bytes have their high bit set but the last.
      if (this.channelled) while (at < start + length - 1 && (data[at] ?? 0) >= 0x80) at += 1;
      if (this.channelled) at += 1;
      this.classify(data, at, start + length);
    } else if (opcode === OPCODE_PING) {
      // The reference server drops connections that do not answer its pings within 30 s.
      this.socket.write(encodeClientFrames(0xa, [data.subarray(start, start + length)]));
    } else if (opcode === OPCODE_CLOSE) {
      const code = length >= 2 ? data.readUInt16BE(start) : 1005;
      const reason = length > 2 ? data.subarray(start + 2, start + length).toString('utf8') : '';
      this.closeFrame = { code, reason };
      this.socket.end(encodeClientFrames(OPCODE_CLOSE, [data.subarray(start, start + 2)]));
    }
  }

  /** Counts a room message starting at `at` (before `end`): a greeting or an update. */
  private classify(data: Buffer, at: number, end: number): void {
    if (at + 2 > end || data[at] !== 0) return;
    if (data[at + 1] === 0) this.greetings += 1;
    else if (data[at + 1] === 2) {
      this.updates += 1;
      this.onUpdate?.();
    }
  }
}
