/**
 * A room's stored log folded into snapshots, and rooms leaving memory: compaction after commits
 * (asked by `commit-host.ts`), when a room goes idle (before it is unloaded) and before the
 * process exits, so that a room's next load is one snapshot served as stored. Between the rooms
 * (`room-host.ts`) and the group commit (`commit-host.ts`), which extends this class.
 */
import { RoomHost } from './room-host.js';
import type { Room } from './room.js';

/** After a failed compaction, the room is not compacted again for this long. */
export const COMPACTION_RETRY_MS = 60_000;

/** Base of `CommitHost`: compaction and idle unloads. */
export abstract class CompactionHost extends RoomHost {
  /**
   * Folds the room's stored log into a new snapshot (merged in the compactor's worker) and
   * replaces them atomically. Reads the log from the store, not from memory, so that with
   * several relay processes every process's updates are folded. A failure is retried no sooner
   * than `COMPACTION_RETRY_MS` later, rather than after every commit.
   */
  protected async compact(room: Room): Promise<void> {
    if (this.o.now() < room.compactRetryAt) return;
    room.compacting = true;
    const name = room.name.name;
    try {
      const stored = await this.o.store.load(name);
      const last = stored.updates[stored.updates.length - 1];
      if (last === undefined) return;
      const merged = await this.o.compactor.merge(
        stored.snapshot,
        stored.updates.map((u) => u.data),
      );
      if (await this.o.store.compact(name, last.seq, merged)) {
        const foldedBytes = stored.updates.reduce((sum, u) => sum + u.data.length, 0);
        room.stats.logCount = Math.max(0, room.stats.logCount - stored.updates.length);
        room.stats.logBytes = Math.max(0, room.stats.logBytes - foldedBytes);
        room.stats.snapshotBytes = merged.length;
        room.stats.snapshotSeq = last.seq;
        this.o.metrics.compactions.inc();
      }
    } catch (error) {
      room.compactRetryAt = this.o.now() + COMPACTION_RETRY_MS;
      this.o.logger.warn('compaction failed', {
        room: name,
        reason: error instanceof Error ? error.message : 'unknown',
      });
    } finally {
      room.compacting = false;
    }
  }

  protected scheduleUnload(room: Room): void {
    if (room.idleTimer !== null) clearTimeout(room.idleTimer);
    room.idleTimer = setTimeout(() => {
      room.idleTimer = null;
      if (room.connections.size > 0) return;
      if (room.inbox.length > 0 || room.compacting || this.isFlushing()) {
        this.scheduleUnload(room);
        return;
      }
      this.track(this.retire(room));
    }, this.o.limits.idleUnloadMs);
    room.idleTimer.unref();
  }

  /**
   * An idle room leaves memory compacted: the next load — after an unload, or a restart —
   * finds its whole state as one stored snapshot and serves it as it is, parsing nothing
   * (`room-loader.ts`). Someone joining meanwhile keeps the room.
   */
  private async retire(room: Room): Promise<void> {
    if (room.stats.logCount > 0 && !room.compacting && room.phase === 'ready')
      await this.compact(room);
    if (room.phase === 'closed' || room.connections.size > 0) return;
    // Messages of a connection that just left: committed first, then the room tries again.
    if (room.inbox.length > 0) {
      this.scheduleUnload(room);
      return;
    }
    this.unload(room);
  }

  /**
   * Before the process exits: compacts the rooms still holding a log, one after the other,
   * for at most `budgetMs` (a restart then serves each from its snapshot alone). Whatever is
   * left uncompacted is simply loaded from snapshot and log next time.
   */
  protected async compactBeforeExit(budgetMs: number): Promise<void> {
    const deadline = this.o.now() + budgetMs;
    for (const room of [...this.rooms.values()]) {
      if (this.o.now() >= deadline) return;
      if (room.stats.logCount > 0 && !room.compacting && room.phase === 'ready')
        await this.compact(room);
    }
  }
}
