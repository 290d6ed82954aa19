/**
 * The contract between a committee's one connection (`committee-link.ts`) and the rooms it
 * carries (`room-sync.ts`): the link owns the socket, the channels and when to (re)join; a room
 * owns what is said on its channel. Apart so that each side can be read without the other.
 */
import type { BackoffOptions } from './backoff.js';
import type { NetworkSignals } from './network-signals.js';
import type { RelayProbe } from './relay-probe.js';

/** How a room's channel ended (never reported for a channel the room itself left). */
export type ChannelEnd =
  /** The socket went away; the link joins the room again on the next socket by itself. */
  | { readonly kind: 'lost' }
  /** The relay closed the channel with a code worth retrying (4500, 4507, 1012…); the link
   * joins the room again after the room's own backoff. */
  | { readonly kind: 'closed'; readonly code: number; readonly reason: string }
  /**
   * A refusal (4400–4499): of this room only (`scope: 'room'`, a channel `closed` 44xx), or of
   * the whole connection (`'connection'`: 4401 token expired or refused, 4403). Never retried
   * blindly: the room waits for a new token (`tokenChanged`) or for the app to ask (`rejoin`).
   */
  | {
      readonly kind: 'refused';
      readonly scope: 'room' | 'connection';
      readonly code: number;
      readonly reason: string;
    };

/** A refusal of the whole connection (4401, 4403…): the link waits for a new token. */
export interface LinkRefusal {
  /** The close code. */
  readonly code: number;
  /** The relay's reason. */
  readonly reason: string;
}

/** What a room hears from the link. Each call is isolated: a throwing room never stops another. */
export interface RoomHandler {
  /** A new channel is open for the room (first join, or again after a reconnection): greet. */
  joined(): void;
  /** One per-room message from the relay on the room's channel (a view into the frame). */
  received(message: Uint8Array): void;
  /** The room's channel ended. */
  ended(end: ChannelEnd): void;
  /** The link has a new token (`CommitteeLink.setToken`): a refused room may ask to rejoin. */
  tokenChanged(): void;
  /**
   * Send something the relay always answers (a sync step 1), on an open channel: after a wake-up
   * the link checks that the socket still carries anything.
   */
  probe(): void;
}

/** A room as registered on the link: how it talks and asks. */
export interface LinkRoom {
  /** The room name. */
  readonly room: string;
  /** True while the room has an open channel on an open socket. */
  readonly joined: boolean;
  /** Sends one per-room message on the room's channel; false (nothing sent) when not joined. */
  send(message: Uint8Array): boolean;
  /**
   * Leaves the current channel if any, and joins on a new one as soon as the socket allows:
   * after a refusal whose cause is fixed, or to resend changes (a new channel's step 2).
   */
  rejoin(): void;
  /** Leaves the channel and joins again after the room's backoff (as after a channel close). */
  retryLater(): void;
  /** Leaves the channel and stays out until `rejoin` (the socket carries on for the others). */
  pause(): void;
  /** The room did useful work on its channel: the next channel close retries from the start. */
  resetBackoff(): void;
  /** The room is no longer wanted: leaves its channel and forgets it. */
  leave(): void;
}

/** Options of `CommitteeLink`. */
export interface CommitteeLinkOptions {
  /** Relay base URL, e.g. `wss://relay.example.org` (the link connects to `<url>/_mux`). */
  readonly serverUrl: string;
  /** The JWT, offered as the `entente.token.<JWT>` subprotocol (never in the URL). */
  readonly token: string;
  /** Online state and wake-ups; defaults to the page's (`pageNetworkSignals(window)`). */
  readonly network?: NetworkSignals;
  /** Socket reconnection while the network is up; defaults to the stages of `LINK_BACKOFF`. */
  readonly backoff?: BackoffOptions;
  /** A room's rejoin after its channel was closed (4500, 4507…); defaults to `ROOM_BACKOFF`. */
  readonly roomBackoff?: BackoffOptions;
  /** A socket that received nothing this long is dead (the relay's keepalive is every 10 s). */
  readonly silenceMs?: number;
  /** Uniform random source for the jitter (tests). */
  readonly random?: () => number;
  /** WebSocket constructor; defaults to the global one, read when each socket is made. */
  readonly WebSocketImpl?: typeof WebSocket;
  /** Whether the relay answers, asked before a retry once attempts fail (`relay-probe.ts`). */
  readonly probe?: RelayProbe;
}
