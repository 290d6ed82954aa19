/**
 * Multiplexing, generator side (`bench:mux`): committee members each in the same `rooms` rooms,
 * connected either with one socket per room (what stock clients and the app did before) or
 * with one multiplexed socket per member carrying every room (PROTOCOL.md "Multiplexed
 * connections"). One writer per room (a per-room socket, the same in both modes) appends
 * pre-made updates at a set rate; every member counts what it receives, without decoding.
 */
import {
  encodeJoin,
  encodeOnChannel,
  MUX_PATH,
  MUX_SUBPROTOCOL,
} from '../../../shared/protocol/mux.js';
import { TOKEN_SUBPROTOCOL_PREFIX } from '../../../shared/protocol/subprotocol.js';
import { LightSocket } from './light-socket.js';
import {
  countClose,
  type CloseCounts,
  type CommitteeShare,
  type MembersSample,
  type MembersSetupArgs,
} from './protocol.js';
import { until } from './stats.js';
import { benchToken, roomPath } from './tokens.js';
import { AppendSequence } from './updates.js';

/** A sync step 1 with an empty state vector: "send me everything". */
const STEP1 = Uint8Array.of(0, 0, 1, 0);

/** Sockets opened at once (a burst of thousands would overflow the listen backlog). */
const OPEN_BATCH = 200;

/** One generator's share of the members. */
export class Members {
  private readonly sockets: LightSocket[] = [];
  /** Per member, the sockets it receives on and how many rooms each carries. */
  private readonly receivers: Array<{ socket: LightSocket; rooms: number }> = [];
  private readonly writers: Array<{ socket: LightSocket; sequence: AppendSequence; sent: number }> =
    [];
  private readonly closes: CloseCounts = {};
  private rate = 0;
  private rateStart = 0;
  private sentAtRate = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private nextAddress = 0;

  constructor(private readonly args: MembersSetupArgs) {}

  /** Opens every member's sockets and one writer per room; waits for a first update everywhere. */
  async setup(): Promise<{ sockets: number; ms: number }> {
    const started = performance.now();
    const opening: Array<() => LightSocket> = [];
    for (const committee of this.args.committees) opening.push(...this.openers(committee));
    for (let i = 0; i < opening.length; i += OPEN_BATCH) {
      const batch = opening.slice(i, i + OPEN_BATCH).map((open) => open());
      this.sockets.push(...batch);
      for (const socket of batch)
        void socket.closed.then((info) => {
          if (!this.stopping) countClose(this.closes, info.code, info.reason);
        });
      await Promise.all(batch.map((s) => s.opened));
    }
    // A multiplexed member joins its rooms after the upgrade: wait until the relay greeted it
    // in every room, or a writer's first update could pass before the join.
    await until(
      () => this.receivers.every((r) => r.socket.greetings >= r.rooms),
      120_000,
      'the greeting of every room at every member',
    );
    // Every writer's first update reaches every member in every room: all joined and synced.
    for (const writer of this.writers) {
      writer.socket.send([writer.sequence.frame(0)]);
      writer.sent = 1;
    }
    await until(
      () => this.receivers.every((r) => r.socket.updates >= r.rooms),
      120_000,
      'the first update of every room at every member',
    );
    this.timer = setInterval(() => this.pump(), 5);
    return { sockets: this.sockets.length, ms: performance.now() - started };
  }

  /** The sockets of one committee to open: its members', then one writer per room. */
  private openers(committee: CommitteeShare): Array<() => LightSocket> {
    const { port, secret, mode } = this.args;
    const { rooms, members, clientIdBase } = committee;
    const opening: Array<() => LightSocket> = [];
    for (const member of members) {
      const token = benchToken(secret, member);
      if (mode === 'mux') {
        opening.push(() => {
          const socket = new LightSocket(port, MUX_PATH, {
            protocols: [MUX_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + token],
            channelled: true,
            localAddress: this.address(),
          });
          void socket.opened.then(() =>
            socket.send(
              rooms.flatMap((room, i) => [encodeJoin(i + 1, room), encodeOnChannel(i + 1, STEP1)]),
            ),
          );
          this.receivers.push({ socket, rooms: rooms.length });
          return socket;
        });
      } else {
        for (const room of rooms)
          opening.push(() => {
            const socket = new LightSocket(port, roomPath(room, token), {
              localAddress: this.address(),
            });
            void socket.opened.then(() => socket.send([STEP1]));
            this.receivers.push({ socket, rooms: 1 });
            return socket;
          });
      }
    }
    for (const [r, room] of rooms.entries()) {
      const writerToken = benchToken(secret, `${committee.writerPrefix}-${r}`);
      opening.push(() => {
        const socket = new LightSocket(port, roomPath(room, writerToken), {
          localAddress: this.address(),
        });
        this.writers.push({ socket, sequence: new AppendSequence(clientIdBase + r), sent: 0 });
        return socket;
      });
    }
    return opening;
  }

  /** Sets the updates per second each writer sends. */
  setRate(updatesPerSecond: number): void {
    this.rate = updatesPerSecond;
    this.rateStart = performance.now();
    this.sentAtRate = this.writers.reduce((sum, w) => sum + w.sent, 0);
  }

  /** Cumulative counters. */
  sample(): MembersSample {
    let delivered = 0;
    for (const r of this.receivers) delivered += r.socket.updates;
    const sent = this.writers.reduce((sum, w) => sum + w.sent, 0);
    return { sent, delivered, at: performance.now(), closes: { ...this.closes } };
  }

  /** Closes every socket; returns the closes seen before. */
  async stop(): Promise<{ closes: CloseCounts }> {
    this.stopping = true;
    if (this.timer !== null) clearInterval(this.timer);
    for (const socket of this.sockets) socket.close();
    await Promise.race([
      Promise.all(this.sockets.map((s) => s.closed)),
      new Promise((ok) => setTimeout(ok, 5000)),
    ]);
    return { closes: { ...this.closes } };
  }

  /** Sends what the rate makes due, spread over the writers. */
  private pump(): void {
    if (this.stopping || this.rate === 0) return;
    const due = Math.floor((this.rate * (performance.now() - this.rateStart)) / 1000);
    const perWriterDue = due + this.sentAtRate / Math.max(1, this.writers.length);
    for (const writer of this.writers) {
      const n = Math.floor(perWriterDue) - writer.sent;
      if (n <= 0) continue;
      const frames = new Array<Uint8Array>(n);
      for (let k = 0; k < n; k++) frames[k] = writer.sequence.frame(writer.sent + k);
      writer.socket.send(frames);
      writer.sent += n;
    }
  }

  /** 127.0.0.1 … 127.0.0.8 in turn: more source ports than one address has. */
  private address(): string {
    this.nextAddress = (this.nextAddress % 8) + 1;
    return `127.0.0.${this.nextAddress}`;
  }
}
