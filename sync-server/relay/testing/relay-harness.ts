/**
 * A real relay core for tests, in-process: real `Relay`, `MemoryDocStore` (or a store the test
 * passes), `Compactor`, metrics and logger, with clients on `RecordingSocket`s. Nothing is
 * mocked; the only stand-in is the network, which is an array of frames.
 */
import { performance } from 'node:perf_hooks';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import type { Identity } from '../../../shared/model/identity.js';
import type { Role } from '../../../shared/model/roles.js';
import { parseRoomName } from '../../../shared/model/room-name.js';
import { DEFAULT_AWARENESS_LIMITS } from '../../../shared/protocol/awareness.js';
import { MessageType, SyncMessageType } from '../../../shared/protocol/message-types.js';
import { DEFAULT_UPDATE_LIMITS } from '../../../shared/protocol/update-validator.js';
import type { AppendEntry, RelayStore, StoredRoom } from '../../../shared/storage/doc-store.js';
import { MemoryDocStore } from '../../../shared/storage/memory-doc-store.js';
import { createLogger } from '../../observability/logger.js';
import { RelayMetrics } from '../../observability/metrics.js';
import { checkToken } from '../../auth/check-token.js';
import { Compactor } from '../../storage/compactor.js';
import { DocThread } from '../doc-thread.js';
import type { Connection } from '../connection.js';
import {
  decodeMuxRelayFrame,
  encodeJoin,
  encodeOnChannel,
  type MuxRelayFrame,
} from '../../../shared/protocol/mux.js';
import { MuxConnection } from '../mux-connection.js';
import { Relay } from '../relay.js';
import type { RelayLimits } from '../relay-options.js';
import { RecordingSocket } from './recording-socket.js';

/** Small limits, so tests reach them with a few messages. */
export const TEST_LIMITS: RelayLimits = {
  maxRoomBytes: 1024 * 1024,
  maxWorkspaceBytes: 16 * 1024 * 1024,
  maxBufferedBytes: 1024 * 1024,
  idleUnloadMs: 50,
  rate: { messagesPerSecond: 1000, messageBurst: 1000, bytesPerSecond: 1e8, byteBurst: 1e8 },
  update: DEFAULT_UPDATE_LIMITS,
  awareness: DEFAULT_AWARENESS_LIMITS,
  compaction: { maxLogEntries: 5, minLogBytes: 1024 * 1024, logToSnapshotRatio: 1 },
};

/** What a frame sent by the relay is, decoded. */
export type RelayFrame =
  | { readonly kind: 'step1'; readonly payload: Uint8Array }
  | { readonly kind: 'step2'; readonly payload: Uint8Array }
  | { readonly kind: 'update'; readonly payload: Uint8Array }
  | { readonly kind: 'awareness'; readonly payload: Uint8Array }
  | { readonly kind: 'auth'; readonly reason: string }
  | { readonly kind: 'ack'; readonly count: number }
  | { readonly kind: 'renewed'; readonly exp: number };

/** Decodes one frame the relay sent; throws on anything else (the relay must not send it). */
export function readRelayFrame(frame: Uint8Array): RelayFrame {
  const d = decoding.createDecoder(frame);
  const type = decoding.readVarUint(d);
  let result: RelayFrame;
  if (type === MessageType.Sync) {
    const sub = decoding.readVarUint(d);
    const payload = decoding.readVarUint8Array(d);
    const kinds = {
      [SyncMessageType.Step1]: 'step1',
      [SyncMessageType.Step2]: 'step2',
      [SyncMessageType.Update]: 'update',
    } as const;
    const kind = kinds[sub as keyof typeof kinds];
    if (kind === undefined) throw new Error(`relay sent sync sub-type ${sub}`);
    result = { kind, payload };
  } else if (type === MessageType.Awareness) {
    result = { kind: 'awareness', payload: decoding.readVarUint8Array(d) };
  } else if (type === MessageType.Auth) {
    decoding.readVarUint(d);
    result = { kind: 'auth', reason: decoding.readVarString(d) };
  } else if (type === MessageType.Ack) {
    result = { kind: 'ack', count: decoding.readVarUint(d) };
  } else if (type === MessageType.Renewed) {
    result = { kind: 'renewed', exp: decoding.readVarUint(d) };
  } else {
    throw new Error(`relay sent message type ${type}`);
  }
  if (decoding.hasContent(d)) throw new Error('relay sent trailing bytes');
  return result;
}

/** A verified identity of `role` in workspace `comite`. */
export function testIdentity(role: Role, userId: string = role): Identity {
  return {
    userId,
    name: `Name of ${userId}`,
    org: 'AMF',
    workspace: 'comite',
    role,
    expiresAt: 4_000_000_000,
  };
}

/** Runs `edit` on `doc` and returns the one update it produced (what a client would send). */
export function updateFrom(doc: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const listener = (update: Uint8Array): void => {
    updates.push(update);
  };
  doc.on('update', listener);
  try {
    doc.transact(() => edit(doc));
  } finally {
    doc.off('update', listener);
  }
  if (updates.length !== 1) throw new Error(`edit produced ${updates.length} updates`);
  return updates[0] as Uint8Array;
}

/** One macrotask turn: lets `setImmediate` callbacks (the relay's scheduled flush) run. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Waits, turn by turn, until `predicate` holds; throws after at least `turns` turns and
 * `minMs` milliseconds (a room with a log loads through the compactor's worker thread, whose
 * first start takes longer than any number of turns).
 */
export async function until(
  predicate: () => boolean,
  what: string,
  turns = 2000,
  minMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + minMs;
  for (let i = 0; i < turns || Date.now() < deadline; i++) {
    if (predicate()) return;
    await turn();
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A `MemoryDocStore` whose reads or writes fail while a flag is set: a real failing disk. */
export class FlakyStore extends MemoryDocStore {
  /** While true, `append` rejects and writes nothing. */
  failAppends = false;
  /** While true, `load` rejects. */
  failLoads = false;
  /** Number of `append` calls that reached the store. */
  appendCalls = 0;
  /** Called as each `append` starts, so a test can look at what clients had received by then. */
  beforeAppend: ((entries: readonly AppendEntry[]) => void) | null = null;
  /** When set, `append` waits for it before writing: a slow disk the test releases. */
  appendGate: Promise<void> | null = null;

  /** @inheritDoc */
  override async append(entries: readonly AppendEntry[]): Promise<number[]> {
    this.appendCalls += 1;
    this.beforeAppend?.(entries);
    if (this.appendGate !== null) await this.appendGate;
    if (this.failAppends) throw new Error('disk unavailable');
    return super.append(entries);
  }

  /** @inheritDoc */
  override async load(room: string): Promise<StoredRoom> {
    if (this.failLoads) throw new Error('disk unavailable');
    return super.load(room);
  }
}

/** A client of the relay: its connection, its socket, and what it received. */
export class TestClient {
  constructor(
    private readonly relay: Relay,
    /** The relay's connection object. */
    readonly conn: Connection,
    /** The in-memory socket. */
    readonly socket: RecordingSocket,
  ) {}

  /** Sends one frame to the relay. */
  send(frame: Uint8Array): void {
    this.relay.receive(this.conn, frame);
  }

  /** Every frame received so far, decoded. */
  received(): RelayFrame[] {
    return this.socket.frames.map(readRelayFrame);
  }

  /** Received frames of one kind. */
  receivedOf<K extends RelayFrame['kind']>(kind: K): Array<Extract<RelayFrame, { kind: K }>> {
    return this.received().filter((f): f is Extract<RelayFrame, { kind: K }> => f.kind === kind);
  }

  /** Forgets what was received so far. */
  clear(): void {
    this.socket.frames.length = 0;
  }
}

/** A multiplexed client of the relay core: its connection, its socket, what it received. */
export class TestMux {
  constructor(
    readonly mux: MuxConnection,
    readonly socket: RecordingSocket,
  ) {}

  /** Sends one multiplexed frame. */
  send(frame: Uint8Array): void {
    this.mux.receive(frame);
  }

  /** Opens `room` on `channel` and waits for the relay's greeting there. */
  async join(channel: number, room: string): Promise<void> {
    this.send(encodeJoin(channel, room));
    await until(
      () => this.onChannel(channel).length > 0 || this.closed(channel) !== null,
      `greeting on channel ${channel}`,
    );
  }

  /** Sends a per-room message on `channel`. */
  sendOn(channel: number, message: Uint8Array): void {
    this.send(encodeOnChannel(channel, message));
  }

  /** Every frame received, decoded. */
  frames(): MuxRelayFrame[] {
    return this.socket.frames.map((f) => {
      const decoded = decodeMuxRelayFrame(f);
      if (!decoded.ok) throw new Error(decoded.reason);
      return decoded.frame;
    });
  }

  /** The per-room messages received on `channel`, decoded. */
  onChannel(channel: number): RelayFrame[] {
    return this.frames().flatMap((f) =>
      f.kind === 'room' && f.channel === channel ? [readRelayFrame(f.message)] : [],
    );
  }

  /** How the relay closed `channel`, or null. */
  closed(channel: number): { code: number; reason: string } | null {
    const found = this.frames().find((f) => f.kind === 'closed' && f.channel === channel);
    return found?.kind === 'closed' ? { code: found.code, reason: found.reason } : null;
  }

  /** Forgets what was received so far. */
  clear(): void {
    this.socket.frames.length = 0;
  }
}

/** How a test client connects. */
export interface ConnectOptions {
  /** Room name (default `comite/charte`). */
  readonly room?: string;
  /** Opt in to acknowledgements and the other extensions. */
  readonly wantsAck?: boolean;
  /** User id (default: the role). */
  readonly userId?: string;
  /** Token expiry, seconds since the epoch (default: far in the future). */
  readonly expiresAt?: number;
}

/** Options of `RelayHarness`. */
export interface HarnessOptions {
  /** The store; a fresh `MemoryDocStore` by default. */
  readonly store?: RelayStore;
  /** Overrides of `TEST_LIMITS`. */
  readonly limits?: Partial<RelayLimits>;
  /** The wall clock (ms since the epoch); `Date.now` by default. Tests move it to expire tokens. */
  readonly epochMs?: () => number;
  /** The documents' thread; a fresh `DocThread` by default. */
  readonly docThread?: DocThread;
}

/**
 * `ENTENTE_TEST_THREAD_DOCS=1` puts the doc of every content room in the documents'
 * thread, however small, so that the whole relay suite can be run against that path too
 * (`npm run test:thread-docs`).
 */
function threadDocLimits(): Partial<RelayLimits> {
  return process.env['ENTENTE_TEST_THREAD_DOCS'] === '1' ? { threadDocBytes: 0 } : {};
}

/** The secret the harness's renewals are checked with (`signJwt(…, HARNESS_SECRET)`). */
export const HARNESS_SECRET = 'harness-secret-0123456789-abcdefghijklmnopqrstuv';

/** A relay with everything it needs, built from real parts. */
export class RelayHarness {
  readonly store: RelayStore;
  readonly compactor = new Compactor();
  /** The large rooms' docs (`threadDocBytes`), as in the relay process. */
  readonly docThread: DocThread;
  readonly metrics = new RelayMetrics();
  /** Every log line the relay wrote. */
  readonly logs: string[] = [];
  readonly relay: Relay;
  private readonly epochMs: () => number;

  constructor(options: HarnessOptions = {}) {
    this.store = options.store ?? new MemoryDocStore();
    this.epochMs = options.epochMs ?? (() => Date.now());
    this.docThread = options.docThread ?? new DocThread();
    this.relay = new Relay({
      store: this.store,
      compactor: this.compactor,
      docThread: this.docThread,
      fanout: null,
      logger: createLogger('debug', (line) => this.logs.push(line)),
      metrics: this.metrics,
      limits: { ...TEST_LIMITS, ...threadDocLimits(), ...options.limits },
      now: () => performance.now(),
      epochMs: this.epochMs,
      checkToken: (token, nowSeconds) => checkToken(token, HARNESS_SECRET, nowSeconds),
    });
  }

  /** Connects a client of `role` to `room` (default `comite/charte`). */
  connect(role: Role, options: ConnectOptions = {}) {
    const parsed = parseRoomName(options.room ?? 'comite/charte');
    if (!parsed.ok) throw new Error(parsed.reason);
    const socket = new RecordingSocket();
    const identity = {
      ...testIdentity(role, options.userId ?? role),
      ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }),
    };
    const conn = this.relay.connect(socket, identity, parsed.room, options.wantsAck ?? false);
    return new TestClient(this.relay, conn, socket);
  }

  /** Connects and waits for the relay's greeting (its sync step 1). */
  async join(role: Role, options: ConnectOptions = {}) {
    const client = this.connect(role, options);
    await until(() => client.socket.frames.length > 0, `greeting of ${role}`);
    return client;
  }

  /**
   * Lets every message received so far be processed and committed.
   * NOTE: yields one turn first, so that `drain()` is never entered while a flush is already
   * scheduled; `relay-drain.test.ts` checks that case on its own.
   */
  async settle(): Promise<void> {
    await turn();
    await this.relay.drain();
  }

  /**
   * Opens a multiplexed connection (PROTOCOL.md "Multiplexed connections") for `role`; rooms
   * are joined on it with `TestMux.join`.
   */
  mux(role: Role, options: { userId?: string; expiresAt?: number; maxChannels?: number } = {}) {
    const socket = new RecordingSocket();
    const identity = {
      ...testIdentity(role, options.userId ?? role),
      ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }),
    };
    const mux = new MuxConnection(socket, identity, {
      relay: this.relay,
      logger: createLogger('debug', (line) => this.logs.push(line)),
      metrics: this.metrics,
      checkToken: (token, nowSeconds) => checkToken(token, HARNESS_SECRET, nowSeconds),
      epochMs: this.epochMs,
      now: () => performance.now(),
      rate: TEST_LIMITS.rate,
      ...(options.maxChannels === undefined ? {} : { maxChannels: options.maxChannels }),
    });
    return new TestMux(mux, socket);
  }

  /** Log lines parsed as objects. */
  logRecords(): Array<Record<string, unknown>> {
    return this.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Stops the compactor's and the documents' threads. */
  async close(): Promise<void> {
    await Promise.all([this.compactor.close(), this.docThread.stop()]);
  }
}
