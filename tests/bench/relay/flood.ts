/**
 * Throughput, generator side: rooms with one writer and many receive-only counting clients.
 * Writers send pre-made append updates; a writer may run at most `window` updates ahead of what
 * its room's watcher (one of the receivers) has received, so an overloaded server slows the
 * writers down instead of piling up unbounded buffers on either side.
 */
import { LightSocket } from './light-socket.js';
import { countClose, type CloseCounts, type FloodSample, type FloodSetupArgs } from './protocol.js';
import { until } from './stats.js';
import { benchToken, roomPath } from './tokens.js';
import { AppendSequence } from './updates.js';

interface FloodRoom {
  readonly writer: LightSocket;
  readonly receivers: LightSocket[];
  /** The receiver whose count paces the writer. */
  readonly watcher: LightSocket;
  readonly sequence: AppendSequence;
  /**
   * Where in its send period this writer starts, 0..1. Spread over the writers so that paced
   * writers do not all send in the same millisecond: phase-aligned writers would hand the
   * server bursts, which batch better than the evenly spread load real users produce.
   */
  readonly phase: number;
  sent: number;
  sentAtStep: number;
  dirty: boolean;
}

/** Opens sockets `batch` at a time (a burst of thousands would overflow the listen backlog). */
async function openAll(sockets: LightSocket[], make: (i: number) => LightSocket, count: number) {
  const batch = 200;
  for (let i = 0; i < count; i += batch) {
    const opened: Promise<void>[] = [];
    for (let k = i; k < Math.min(count, i + batch); k++) {
      const socket = make(k);
      sockets.push(socket);
      opened.push(socket.opened);
    }
    await Promise.all(opened);
  }
}

/** One generator's share of the rooms. */
export class Flood {
  private readonly rooms: FloodRoom[] = [];
  private readonly all: LightSocket[] = [];
  /** Updates per second per writer; null: as fast as the window allows. */
  private rate: number | null = 0;
  private stepStart = 0;
  private timer: NodeJS.Timeout | null = null;
  private pumpScheduled = false;
  private stopping = false;
  private readonly closes: CloseCounts = {};

  constructor(private readonly args: FloodSetupArgs) {}

  /** Connects every writer and receiver and checks that one update reaches them all. */
  async setup(): Promise<{ connections: number; ms: number }> {
    const started = performance.now();
    const { port, secret, receiversPerRoom } = this.args;
    for (const [r, room] of this.args.rooms.entries()) {
      const sockets: LightSocket[] = [];
      await openAll(
        sockets,
        (i) => new LightSocket(port, roomPath(room, benchToken(secret, `flood-${r}-${i}`))),
        receiversPerRoom + 1,
      );
      const [writer, watcher, ...others] = sockets;
      if (writer === undefined || watcher === undefined) throw new Error('no sockets');
      const entry: FloodRoom = {
        writer,
        watcher,
        receivers: [watcher, ...others],
        sequence: new AppendSequence(this.args.clientIdBase + r),
        // Golden-ratio steps spread any number of writers evenly over the period.
        phase: ((this.args.clientIdBase + r) * 0.6180339887) % 1,
        sent: 0,
        sentAtStep: 0,
        dirty: false,
      };
      watcher.onUpdate = () => {
        entry.dirty = true;
        this.schedulePump();
      };
      this.rooms.push(entry);
      for (const socket of sockets) {
        this.all.push(socket);
        void socket.closed.then((info) => {
          if (!this.stopping) countClose(this.closes, info.code, info.reason);
        });
      }
    }
    // One update per room, seen by every receiver: the rooms are loaded and everyone is in.
    for (const room of this.rooms) {
      room.writer.send([room.sequence.frame(0)]);
      room.sent = 1;
    }
    await until(
      () => this.rooms.every((room) => room.receivers.every((s) => s.updates >= 1)),
      30_000,
      'the first update at every receiver',
    );
    this.timer = setInterval(() => this.pumpAll(false), 1);
    return { connections: this.all.length, ms: performance.now() - started };
  }

  /** Sets the offered rate (updates per second per writer); null removes the limit. */
  setRate(updatesPerSecondPerWriter: number | null): void {
    this.rate = updatesPerSecondPerWriter;
    this.stepStart = performance.now();
    for (const room of this.rooms) room.sentAtStep = room.sent;
    this.pumpAll(false);
  }

  /** Cumulative counters. */
  sample(): FloodSample {
    let sent = 0;
    let delivered = 0;
    for (const room of this.rooms) {
      sent += room.sent;
      for (const receiver of room.receivers) delivered += receiver.updates;
    }
    return { sent, delivered, at: performance.now(), closes: { ...this.closes } };
  }

  /** Stops sending and closes every socket; returns the closes seen before. */
  async stop(): Promise<{ closes: CloseCounts }> {
    this.stopping = true;
    if (this.timer !== null) clearInterval(this.timer);
    for (const socket of this.all) socket.close();
    await Promise.race([
      Promise.all(this.all.map((s) => s.closed)),
      new Promise((ok) => setTimeout(ok, 5000)),
    ]);
    return { closes: { ...this.closes } };
  }

  // Refills from watcher receipts are coalesced per event-loop turn: one write per writer per
  // turn, not one per received update.
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pumpAll(true);
    });
  }

  private pumpAll(onlyDirty: boolean): void {
    if (this.stopping || this.rate === 0) return;
    const now = performance.now();
    for (const room of this.rooms) {
      if (onlyDirty && !room.dirty) continue;
      room.dirty = false;
      let n = this.args.window - (room.sent - room.watcher.updates);
      if (this.rate !== null) {
        const due = Math.floor((this.rate * (now - this.stepStart)) / 1000 + room.phase);
        n = Math.min(n, due - (room.sent - room.sentAtStep));
      }
      if (n <= 0) continue;
      const frames = new Array<Uint8Array>(n);
      for (let k = 0; k < n; k++) frames[k] = room.sequence.frame(room.sent + k);
      room.writer.send(frames);
      room.sent += n;
    }
  }
}
