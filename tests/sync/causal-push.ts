/**
 * Sends a causal replay's updates through the relay, one network replica (a stock client's doc)
 * per agent, gated by causality: an agent's transaction is sent only once its network replica
 * has received, through the relay, every other agent's transaction the typist had seen. A
 * replica may hold more than that (later edits of others already arrived), so the agent's edit
 * is integrated concurrently with them there — the merge our users rely on.
 *
 * NOTE: the gate is needed, not only faithful: were an agent's update applied before its
 * dependencies arrived, Yjs would hold it pending, and when the relay's message completed it the
 * provider would not send it (it never re-sends what it received).
 */
import * as Y from 'yjs';
import { agentClientId, holdsDeps, type CausalReplay } from './trace-replay.js';

/** Transaction origin of trace edits applied to a network replica (not the provider's). */
export const TRACE_ORIGIN = 'editing-trace';

/** What a causal push did. */
export interface PushStats {
  /** Updates (network messages) sent per agent. */
  readonly messages: number[];
  /** Times no agent could send until the relay delivered something. */
  readonly waits: number;
  /**
   * Updates sent from a replica that already held edits of others the typist had not seen:
   * integrated there concurrently with them.
   */
  readonly concurrentSends: number;
}

/** True when `doc` holds edits of another agent beyond `deps` (what the typist had seen). */
function aheadOf(
  doc: Y.Doc,
  replay: CausalReplay,
  agent: number,
  deps: readonly number[],
): boolean {
  return deps.some((count, other) => {
    if (other === agent) return false;
    const seenClock = count === 0 ? 0 : (replay.clockAfter[other]?.[count - 1] ?? 0);
    return Y.getState(doc.store, agentClientId(other)) > seenClock;
  });
}

function nextUpdate(docs: readonly Y.Doc[], timeoutMs: number): Promise<void> {
  return new Promise((ok, fail) => {
    const done = (): void => {
      clearTimeout(timer);
      for (const doc of docs) doc.off('update', done);
      ok();
    };
    const timer = setTimeout(() => {
      for (const doc of docs) doc.off('update', done);
      fail(new Error(`no update from the relay in ${timeoutMs} ms`));
    }, timeoutMs);
    for (const doc of docs) doc.on('update', done);
  });
}

/**
 * Sends every agent's transactions through `docs[agent]` (each bound to a provider), at most
 * `maxBatch` consecutive transactions per update.
 */
export async function pushCausally(
  replay: CausalReplay,
  docs: readonly Y.Doc[],
  maxBatch: number,
  timeoutMs = 15_000,
): Promise<PushStats> {
  const next = replay.byAgent.map(() => 0);
  const messages = replay.byAgent.map(() => 0);
  let waits = 0;
  let concurrentSends = 0;
  const remaining = (): boolean => replay.byAgent.some((txns, a) => (next[a] ?? 0) < txns.length);
  while (remaining()) {
    let progressed = false;
    replay.byAgent.forEach((txns, agent) => {
      const doc = docs[agent];
      if (doc === undefined) throw new Error(`no replica for agent ${agent}`);
      const batch: Uint8Array[] = [];
      let at = next[agent] ?? 0;
      const first = replay.txns[txns[at] ?? -1];
      const ahead = first !== undefined && aheadOf(doc, replay, agent, first.deps);
      while (at < txns.length && batch.length < maxBatch) {
        const txn = replay.txns[txns[at] ?? -1];
        if (txn === undefined || !holdsDeps(doc, replay, agent, txn.deps)) break;
        batch.push(txn.update);
        at += 1;
      }
      if (batch.length === 0) return;
      if (ahead) concurrentSends += 1;
      next[agent] = at;
      doc.transact(() => {
        for (const update of batch) Y.applyUpdate(doc, update, TRACE_ORIGIN);
      }, TRACE_ORIGIN);
      messages[agent] = (messages[agent] ?? 0) + 1;
      progressed = true;
    });
    if (!progressed) {
      waits += 1;
      await nextUpdate(docs, timeoutMs);
    }
  }
  return { messages, waits, concurrentSends };
}
