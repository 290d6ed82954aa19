/**
 * The commands the coordinator (`run.ts`) sends to its load-generator processes
 * (`worker.ts`), with their arguments and results. Generators run in their own processes so
 * that neither server shares an event loop or a CPU-time account with the load.
 */

/** Close frames seen by clients, counted by `"<code> <reason>"`. */
export type CloseCounts = Record<string, number>;

/** Where and as whom a generator connects. */
export interface Target {
  /** TCP port of the server on 127.0.0.1. */
  readonly port: number;
  /** HS256 secret to sign tokens with (ignored by the reference server). */
  readonly secret: string;
}

/** Fan-out latency: stock clients in one room, one of them writing. */
export interface FanoutArgs extends Target {
  readonly room: string;
  readonly clients: number;
  readonly intervalMs: number;
  readonly durationMs: number;
}

/** What the fan-out run saw. */
export interface FanoutResult {
  /** Write-to-receipt times at every receiver, ms. */
  readonly latenciesMs: number[];
  readonly writes: number;
  /** writes × receivers. */
  readonly expected: number;
  readonly syncMs: number;
  readonly closes: CloseCounts;
  /** `status: disconnected` events after every client had synced. */
  readonly disconnects: number;
}

/** Throughput: rooms with one writer and many counting receivers. */
export interface FloodSetupArgs extends Target {
  readonly rooms: readonly string[];
  readonly receiversPerRoom: number;
  /** Most updates a writer may have sent that its room's watcher has not received yet. */
  readonly window: number;
  /** Yjs client id of the first writer (the next ones count up). */
  readonly clientIdBase: number;
}

/** Counters of a flood generator, cumulative since setup. */
export interface FloodSample {
  readonly sent: number;
  readonly delivered: number;
  /** `performance.now()` of the generator when sampled. */
  readonly at: number;
  readonly closes: CloseCounts;
}

/** Stock clients held open for the memory measurement. */
export interface MemoryOpenArgs extends Target {
  readonly rooms: readonly string[];
  /** Clients to add in each room. */
  readonly perRoom: number;
  /** When set, each room's first new client writes a text of this many characters. */
  readonly docChars: number;
  /** Clients opened concurrently. */
  readonly batch: number;
}

/** Building a room with a long history through raw sync-update messages. */
export interface BuildRoomArgs extends Target {
  readonly room: string;
  readonly updates: number;
  readonly window: number;
  readonly clientId: number;
}

/** A fresh stock client loading a room. */
export interface LoadRoomArgs extends Target {
  readonly room: string;
  /** The room's text must equal `expectedText(expectedUpdates)` once synced. */
  readonly expectedUpdates: number;
}

/** What loading the room took and whether the state was complete at `synced`. */
export interface LoadRoomResult {
  /** `new WebsocketProvider` → `status: connected`, ms. */
  readonly openMs: number;
  /** `new WebsocketProvider` → `synced`, ms. */
  readonly syncMs: number;
  readonly textOk: boolean;
  readonly textLength: number;
  readonly closes: CloseCounts;
}

/** A stock client alone in its room, left idle. */
export interface IdleOpenArgs extends Target {
  readonly room: string;
  /** Names this client for `idle-close`. */
  readonly key: string;
}

/** What happened to an idle client. */
export interface IdleResult {
  readonly seconds: number;
  readonly disconnects: number;
  readonly closes: CloseCounts;
}

/** One committee of a members generator: its rooms, whose members are all in every one. */
export interface CommitteeShare {
  readonly rooms: readonly string[];
  /** Member ids (token `sub`). */
  readonly members: readonly string[];
  /** Yjs client id of the first room's writer (the next ones count up). */
  readonly clientIdBase: number;
  /** Prefix of the writers' user ids. */
  readonly writerPrefix: string;
}

/** Members of committees, per-room sockets or one multiplexed socket each (`members.ts`). */
export interface MembersSetupArgs extends Target {
  /** One socket per room, or one multiplexed socket per member. */
  readonly mode: 'per-room' | 'mux';
  readonly committees: readonly CommitteeShare[];
}

/** Counters of a members generator, cumulative since setup. */
export interface MembersSample {
  readonly sent: number;
  readonly delivered: number;
  readonly at: number;
  readonly closes: CloseCounts;
}

/** Every command: its arguments and result. */
export interface Commands {
  fanout: { args: FanoutArgs; result: FanoutResult };
  'flood-setup': { args: FloodSetupArgs; result: { connections: number; ms: number } };
  'flood-rate': { args: { updatesPerSecondPerWriter: number | null }; result: null };
  'flood-sample': { args: null; result: FloodSample };
  'flood-stop': { args: null; result: { closes: CloseCounts } };
  'memory-open': { args: MemoryOpenArgs; result: { open: number; ms: number } };
  'memory-close': { args: null; result: { closes: CloseCounts; disconnects: number } };
  'idle-open': { args: IdleOpenArgs; result: null };
  'idle-close': { args: { key: string }; result: IdleResult };
  'build-room': { args: BuildRoomArgs; result: { ms: number; closes: CloseCounts } };
  'load-room': { args: LoadRoomArgs; result: LoadRoomResult };
  'members-setup': { args: MembersSetupArgs; result: { sockets: number; ms: number } };
  'members-rate': { args: { updatesPerSecond: number }; result: null };
  'members-sample': { args: null; result: MembersSample };
  'members-stop': { args: null; result: { closes: CloseCounts } };
}

/** A command name. */
export type CommandName = keyof Commands;

/** Coordinator → worker. */
export interface Request {
  readonly id: number;
  readonly command: CommandName;
  readonly args: unknown;
}

/** Worker → coordinator. */
export type Reply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** Adds one close to a count. */
export function countClose(counts: CloseCounts, code: number, reason: string): void {
  const key = `${code} ${reason}`.trim();
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Sums close counts. */
export function mergeCloses(...all: CloseCounts[]): CloseCounts {
  const out: CloseCounts = {};
  for (const counts of all)
    for (const [key, n] of Object.entries(counts)) out[key] = (out[key] ?? 0) + n;
  return out;
}
