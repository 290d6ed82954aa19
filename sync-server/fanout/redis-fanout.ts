/**
 * Fan-out between relay processes over Redis pub/sub: one channel per room. Every message
 * carries the publishing process's id so a process ignores its own messages. Redis is only a
 * messenger here: an update is published after it is stored in PostgreSQL, so a lost Redis
 * message delays a live update but never loses it (clients get it on their next sync).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from '../observability/logger.js';
import type { Fanout, FanoutKind, FanoutListener } from '../relay/fanout.js';

const KINDS: readonly FanoutKind[] = ['update', 'awareness'];

/** Redis-backed `Fanout`. */
export class RedisFanout implements Fanout {
  private readonly processId = randomUUID();
  private readonly listeners = new Map<string, FanoutListener>();

  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    sub.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.onMessage(channel.toString(), message),
    );
  }

  /** Connects both Redis clients; rejects with a clear error when Redis does not answer. */
  static async connect(url: string, prefix: string, logger: Logger): Promise<RedisFanout> {
    const options = { lazyConnect: true, maxRetriesPerRequest: 3, enableOfflineQueue: true };
    const pub = new Redis(url, options);
    const sub = new Redis(url, options);
    for (const client of [pub, sub])
      client.on('error', (e: Error) => logger.warn('redis error', { reason: e.message }));
    try {
      await Promise.all([pub.connect(), sub.connect()]);
    } catch (error) {
      pub.disconnect();
      sub.disconnect();
      throw new Error(
        `cannot connect to Redis: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    return new RedisFanout(pub, sub, prefix, logger);
  }

  private channel(room: string): string {
    return `${this.prefix}:room:${room}`;
  }

  async subscribe(room: string, listener: FanoutListener): Promise<void> {
    this.listeners.set(this.channel(room), listener);
    await this.sub.subscribe(this.channel(room));
  }

  async unsubscribe(room: string): Promise<void> {
    this.listeners.delete(this.channel(room));
    await this.sub.unsubscribe(this.channel(room));
  }

  publish(room: string, kind: FanoutKind, payload: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.processId);
    encoding.writeVarUint(encoder, KINDS.indexOf(kind));
    encoding.writeVarUint8Array(encoder, payload);
    this.pub
      .publish(this.channel(room), Buffer.from(encoding.toUint8Array(encoder)))
      .catch((e: Error) => {
        this.logger.warn('redis publish failed', { room, reason: e.message });
      });
  }

  /** Answers when Redis answers a PING. */
  async ping(): Promise<void> {
    await this.pub.ping();
  }

  private onMessage(channel: string, message: Buffer): void {
    const listener = this.listeners.get(channel);
    if (listener === undefined) return;
    try {
      const decoder = decoding.createDecoder(
        new Uint8Array(message.buffer, message.byteOffset, message.byteLength),
      );
      if (decoding.readVarString(decoder) === this.processId) return;
      const kind = KINDS[decoding.readVarUint(decoder)];
      const payload = decoding.readVarUint8Array(decoder);
      if (kind !== undefined) listener(kind, payload);
    } catch (error) {
      this.logger.warn('unreadable fan-out message', {
        channel,
        reason: error instanceof Error ? error.message : '',
      });
    }
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }
}
