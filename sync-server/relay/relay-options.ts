/**
 * Everything the relay core is built from, passed in by the composition root (`index.ts`):
 * no module-level singletons.
 */
import type { ClaimsResult } from '../../shared/model/identity.js';
import type { RelayStore } from '../../shared/storage/doc-store.js';
import type { CompactionPolicy } from '../../shared/storage/compaction.js';
import type { AwarenessLimits } from '../../shared/protocol/awareness.js';
import type { UpdateLimits } from '../../shared/protocol/update-validator.js';
import type { Logger } from '../observability/logger.js';
import type { RelayMetrics } from '../observability/metrics.js';
import type { Compactor } from '../storage/compactor.js';
import type { DocThread } from './doc-thread.js';
import type { Fanout } from './fanout.js';
import type { RateLimits } from './rate-limiter.js';

/** Limits that protect the relay and other rooms from one client or one room. */
export interface RelayLimits {
  /** Largest document a room may hold, in stored bytes. */
  readonly maxRoomBytes: number;
  /** Most bytes the rooms of one workspace may hold together (`WorkspaceUsage`). */
  readonly maxWorkspaceBytes: number;
  /** A client whose unsent backlog exceeds this many bytes is dropped as a slow consumer. */
  readonly maxBufferedBytes: number;
  /** A room with no connection is unloaded after this many milliseconds. */
  readonly idleUnloadMs: number;
  /** Flood protection per connection. */
  readonly rate: RateLimits;
  /** Limits on one update. */
  readonly update: UpdateLimits;
  /** Limits on awareness. */
  readonly awareness: AwarenessLimits;
  /** When to fold a room's log into a snapshot. */
  readonly compaction: CompactionPolicy;
  /**
   * Period of the keepalive check (default 10 s): a connection sent nothing during a whole
   * period gets an empty awareness update, because stock y-websocket clients drop and re-open a
   * connection that received nothing for 30 s.
   */
  readonly keepaliveMs?: number;
  /**
   * A content or index room whose stored state is larger than this when it loads has its doc
   * in the documents' thread rather than on the relay's (default `MERGE_ON_MAIN_BYTES`, 64 KiB:
   * below it, a parse takes well under a millisecond and a round trip to the thread would cost
   * more). Tests set 0 to put every such room there.
   */
  readonly threadDocBytes?: number;
}

/** Dependencies of the relay core. */
export interface RelayOptions {
  readonly store: RelayStore;
  readonly compactor: Compactor;
  /** Holds the docs of large rooms (`threadDocBytes`); without it, every doc is on this thread. */
  readonly docThread?: DocThread | null;
  /** Null when this is the only relay process. */
  readonly fanout: Fanout | null;
  readonly logger: Logger;
  readonly metrics: RelayMetrics;
  readonly limits: RelayLimits;
  /** Monotonic clock in milliseconds. */
  readonly now: () => number;
  /** Wall clock in milliseconds since the epoch: tokens expire by it. */
  readonly epochMs: () => number;
  /**
   * Checks a token sent to renew an open connection, exactly as the upgrade checks one
   * (signature, then claims against `nowSeconds`). The relay core never sees the secret.
   */
  readonly checkToken: (token: string, nowSeconds: number) => ClaimsResult;
}
