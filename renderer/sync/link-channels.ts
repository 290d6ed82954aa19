/**
 * Which room is on which channel of the committee link's socket, and when each room is joined
 * (PROTOCOL.md "Multiplexed connections"). `committee-link.ts` owns the socket; this table owns
 * the rooms registered on it:
 *
 * - channel numbers count up from 1 on each socket and are never reused on it, so a frame of a
 *   channel already left or closed is recognised as stale and dropped;
 * - on a new socket every room still wanted is joined, each on a new channel;
 * - a channel `closed` with 4400–4499 refuses that room only: it is "held" — not joined again
 *   until the room asks (`LinkRoom.rejoin`); any other close rejoins it after the room's own
 *   backoff;
 * - each call into a room is isolated (`try`): one room's failure never stops another's.
 */
import { encodeJoin, encodeLeave, encodeOnChannel } from '../../shared/protocol/mux.js';
import type { MuxRelayFrame } from '../../shared/protocol/mux.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import type { LinkRefusal, LinkRoom, RoomHandler } from './link-types.js';

/** What the table needs from the link. */
export interface LinkSocket {
  /** True while the socket is open. */
  isOpen(): boolean;
  /** Sends one frame on the open socket. */
  send(frame: Uint8Array): void;
  /** Connects if there is no socket (and the connection is not refused). */
  connect(): void;
  /** The refusal of the whole connection, if any. */
  refusal(): LinkRefusal | null;
  /** The last room was forgotten: nothing left to carry. */
  empty(): void;
}

interface Entry {
  readonly room: string;
  readonly handler: RoomHandler;
  /** The channel on the current socket, or null. */
  channel: number | null;
  /** Not joined again by the link: refused (44xx), or paused by the room. */
  held: boolean;
  /** Channel closes in a row, for the room's backoff. */
  attempt: number;
  /** A rejoin waiting for the room's backoff. */
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** True for a refusal code (4400–4499): never retried blindly. */
export const isRefusal = (code: number): boolean => code >= 4400 && code < 4500;

/** Calls into a room; its failure is reported and stays its own. */
export function callRoom(run: () => void): void {
  try {
    run();
  } catch (error) {
    reportError(error);
  }
}

/** The rooms of one link and their channels on the current socket. */
export class LinkChannels {
  readonly #socket: LinkSocket;
  readonly #backoff: BackoffOptions;
  readonly #random: () => number;
  readonly #rooms = new Map<string, Entry>();
  readonly #channels = new Map<number, Entry>();
  #nextChannel = 1;

  constructor(socket: LinkSocket, backoff: BackoffOptions, random: () => number) {
    this.#socket = socket;
    this.#backoff = backoff;
    this.#random = random;
  }

  /** Rooms registered. */
  get rooms(): number {
    return this.#rooms.size;
  }

  /** True while some room has an open channel (the socket carries something). */
  get carrying(): boolean {
    return this.#channels.size > 0;
  }

  /** Registers `room`; the handler is never called before this returns. */
  open(room: string, handler: RoomHandler): LinkRoom {
    if (this.#rooms.has(room)) throw new Error(`room ${room} is already open on this link`);
    const entry: Entry = {
      room,
      handler,
      channel: null,
      held: false,
      attempt: 0,
      timer: undefined,
    };
    this.#rooms.set(room, entry);
    queueMicrotask(() => {
      if (this.#rooms.get(room) !== entry) return;
      const refusal = this.#socket.refusal();
      if (refusal !== null) {
        callRoom(() => handler.ended({ kind: 'refused', scope: 'connection', ...refusal }));
      } else if (this.#socket.isOpen()) this.#join(entry);
      else this.#socket.connect();
    });
    return this.#endpoint(entry);
  }

  /** A new socket is open: channels count from 1 again; every room wanted is joined. */
  socketOpened(): void {
    this.#nextChannel = 1;
    for (const entry of [...this.#rooms.values()]) if (entry.timer === undefined) this.#join(entry);
  }

  /**
   * The socket is gone: every channel with it. A refusal of the connection is told to every
   * room (their rejoin timers stop: the link waits for a token); otherwise the rooms that had
   * a channel are told they lost it (the next socket joins them again).
   */
  socketEnded(refusal: LinkRefusal | null): void {
    const joined = [...this.#rooms.values()].filter((entry) => entry.channel !== null);
    for (const entry of this.#rooms.values()) entry.channel = null;
    this.#channels.clear();
    if (refusal === null) {
      for (const entry of joined) callRoom(() => entry.handler.ended({ kind: 'lost' }));
      return;
    }
    for (const entry of [...this.#rooms.values()]) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
      callRoom(() => entry.handler.ended({ kind: 'refused', scope: 'connection', ...refusal }));
    }
  }

  /** A frame of a room channel, or a channel's `closed`. */
  received(frame: Exclude<MuxRelayFrame, { kind: 'renewed' }>): void {
    // A channel already left or closed: a stale frame, dropped (channels are never reused).
    const entry = this.#channels.get(frame.channel);
    if (entry === undefined) return;
    if (frame.kind === 'room') {
      callRoom(() => entry.handler.received(frame.message));
      return;
    }
    this.#channels.delete(frame.channel);
    entry.channel = null;
    const { code, reason } = frame;
    if (isRefusal(code)) {
      entry.held = true;
      callRoom(() => entry.handler.ended({ kind: 'refused', scope: 'room', code, reason }));
      return;
    }
    callRoom(() => entry.handler.ended({ kind: 'closed', code, reason }));
    if (this.#rooms.get(entry.room) === entry && !entry.held) this.#rejoinLater(entry);
  }

  /** Every room hears that the link has a new token. */
  tokenChanged(): void {
    for (const entry of [...this.#rooms.values()]) callRoom(() => entry.handler.tokenChanged());
  }

  /** Asks one joined room to probe the socket; false when none is joined. */
  probe(): boolean {
    const entry = this.#channels.values().next().value;
    if (entry === undefined) return false;
    callRoom(() => entry.handler.probe());
    return true;
  }

  /** Forgets every room (the link is destroyed). */
  clear(): void {
    for (const entry of this.#rooms.values()) clearTimeout(entry.timer);
    this.#rooms.clear();
    this.#channels.clear();
  }

  #endpoint(entry: Entry): LinkRoom {
    const mine = (): boolean => this.#rooms.get(entry.room) === entry;
    const stopTimer = (): void => {
      clearTimeout(entry.timer);
      entry.timer = undefined;
    };
    return {
      room: entry.room,
      get joined() {
        return entry.channel !== null;
      },
      send: (message) => {
        if (entry.channel === null || !this.#socket.isOpen()) return false;
        this.#socket.send(encodeOnChannel(entry.channel, message));
        return true;
      },
      rejoin: () => {
        if (!mine()) return;
        stopTimer();
        entry.held = false;
        this.#leaveChannel(entry);
        if (this.#socket.isOpen()) this.#join(entry);
        else this.#socket.connect();
      },
      retryLater: () => {
        if (!mine()) return;
        stopTimer();
        entry.held = false;
        this.#leaveChannel(entry);
        this.#rejoinLater(entry);
      },
      pause: () => {
        if (!mine()) return;
        stopTimer();
        entry.held = true;
        this.#leaveChannel(entry);
      },
      resetBackoff: () => {
        entry.attempt = 0;
      },
      leave: () => {
        if (!mine()) return;
        stopTimer();
        this.#leaveChannel(entry);
        this.#rooms.delete(entry.room);
        if (this.#rooms.size === 0) this.#socket.empty();
      },
    };
  }

  #join(entry: Entry): void {
    if (!this.#socket.isOpen() || entry.held || entry.channel !== null) return;
    const channel = this.#nextChannel++;
    entry.channel = channel;
    this.#channels.set(channel, entry);
    this.#socket.send(encodeJoin(channel, entry.room));
    callRoom(() => entry.handler.joined());
  }

  #leaveChannel(entry: Entry): void {
    const channel = entry.channel;
    if (channel === null) return;
    entry.channel = null;
    this.#channels.delete(channel);
    if (this.#socket.isOpen()) this.#socket.send(encodeLeave(channel));
  }

  /** Joins `entry` again after its own backoff (on the next socket, if this one is gone). */
  #rejoinLater(entry: Entry): void {
    entry.timer = setTimeout(
      () => {
        entry.timer = undefined;
        this.#join(entry);
      },
      backoffDelay(entry.attempt++, this.#backoff, this.#random),
    );
  }
}
