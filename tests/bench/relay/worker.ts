/**
 * A load-generator process, forked by `pool.ts`. It runs the commands of `protocol.ts` and
 * keeps the clients of long-running ones (flood, memory) between commands.
 */
import { Flood } from './flood.js';
import { Members } from './members.js';
import { runFanout } from './fanout-clients.js';
import type { CommandName, Commands, Reply, Request } from './protocol.js';
import { buildRoom, loadRoom, openRoomClients } from './room-clients.js';
import { StockPool, whenSynced } from './stock-pool.js';
import { benchToken } from './tokens.js';
import { checkAgainstYjs } from './updates.js';

type Handlers = {
  [K in CommandName]: (args: Commands[K]['args']) => Promise<Commands[K]['result']>;
};

/** State that outlives one command, owned by this process's main. */
class GeneratorState {
  flood: Flood | null = null;
  members: Members | null = null;
  readonly memory = new StockPool();
  readonly idle = new Map<string, { pool: StockPool; since: number }>();

  private requireMembers(): Members {
    if (this.members === null) throw new Error('members-setup first');
    return this.members;
  }

  private requireFlood(): Flood {
    if (this.flood === null) throw new Error('flood-setup first');
    return this.flood;
  }

  readonly handlers: Handlers = {
    fanout: runFanout,
    'flood-setup': async (args) => {
      this.flood = new Flood(args);
      return this.flood.setup();
    },
    'flood-rate': async (args) => {
      this.requireFlood().setRate(args.updatesPerSecondPerWriter);
      return null;
    },
    'flood-sample': async () => this.requireFlood().sample(),
    'flood-stop': async () => {
      const result = await this.requireFlood().stop();
      this.flood = null;
      return result;
    },
    'memory-open': (args) => openRoomClients(this.memory, args),
    'memory-close': async () => {
      const result = { closes: { ...this.memory.closes }, disconnects: this.memory.disconnects };
      this.memory.destroyAll();
      // Counters are per measurement; the pool is reused by the next one.
      for (const key of Object.keys(this.memory.closes)) delete this.memory.closes[key];
      this.memory.disconnects = 0;
      return result;
    },
    'idle-open': async (args) => {
      const pool = new StockPool();
      const client = pool.open(args.port, args.room, benchToken(args.secret, `idle-${args.key}`));
      await whenSynced(client.provider, 30_000);
      this.idle.set(args.key, { pool, since: performance.now() });
      return null;
    },
    'idle-close': async ({ key }) => {
      const idle = this.idle.get(key);
      if (idle === undefined) throw new Error(`no idle client ${key}`);
      this.idle.delete(key);
      const result = {
        seconds: (performance.now() - idle.since) / 1000,
        disconnects: idle.pool.disconnects,
        closes: { ...idle.pool.closes },
      };
      idle.pool.destroyAll();
      return result;
    },
    'members-setup': async (args) => {
      this.members = new Members(args);
      return this.members.setup();
    },
    'members-rate': async ({ updatesPerSecond }) => {
      this.requireMembers().setRate(updatesPerSecond);
      return null;
    },
    'members-sample': async () => this.requireMembers().sample(),
    'members-stop': async () => {
      const result = await this.requireMembers().stop();
      this.members = null;
      return result;
    },
    'build-room': buildRoom,
    'load-room': loadRoom,
  };
}

function main(): void {
  // The generators trust their hand-made updates only once they equal Yjs's own.
  checkAgainstYjs(0x5eed);
  // y-websocket adds a process 'exit' listener per provider; hundreds are expected here.
  process.setMaxListeners(0);
  const state = new GeneratorState();
  process.on('message', (request: Request) => {
    const handler = state.handlers[request.command] as (args: unknown) => Promise<unknown>;
    handler(request.args).then(
      (result) => process.send?.({ id: request.id, ok: true, result } satisfies Reply),
      (error: unknown) =>
        process.send?.({
          id: request.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        } satisfies Reply),
    );
  });
  // Never outlive the coordinator: every run must stop by itself.
  process.on('disconnect', () => process.exit(0));
}

main();
