/**
 * Replaying editing traces into Yjs: the concurrent traces causally (each transaction typed on a
 * replica holding exactly its parents' merged state, the trace's own semantics), the sequential
 * ones in batches of transactions.
 */
import * as Y from 'yjs';
import type { ConcurrentTrace, SequentialTrace } from '../support/fixtures.js';
import { CodePointText } from './code-point-text.js';

/** An update that changes nothing (no structs, no deletes). */
const EMPTY_UPDATE = Uint8Array.of(0, 0);

/** One transaction of a concurrent trace, as the Yjs update its typist produced. */
export interface CausalTxn {
  /** The typist. */
  readonly agent: number;
  /** What the transaction added and deleted, relative to its parents' state. */
  readonly update: Uint8Array;
  /** Version vector of its parents: how many transactions of each agent the typist had seen. */
  readonly deps: readonly number[];
}

/** A concurrent trace turned into Yjs updates. */
export interface CausalReplay {
  /** The Yjs client id of each agent. */
  readonly clientIds: readonly number[];
  readonly txns: readonly CausalTxn[];
  /** Per agent, the transaction indexes it typed, in order. */
  readonly byAgent: readonly (readonly number[])[];
  /** Per agent, its Yjs clock after each of its transactions. */
  readonly clockAfter: readonly (readonly number[])[];
}

/** The Yjs client id used for `agent` (fixed, so a run is reproducible). */
export function agentClientId(agent: number): number {
  return 1000 + agent;
}

/** True when `doc` holds everything `agent`'s transaction `deps` needs from the other agents. */
export function holdsDeps(
  doc: Y.Doc,
  replay: CausalReplay,
  agent: number,
  deps: readonly number[],
): boolean {
  return deps.every((count, other) => {
    if (other === agent || count === 0) return true;
    const clock = replay.clockAfter[other]?.[count - 1] ?? Infinity;
    return Y.getState(doc.store, agentClientId(other)) >= clock;
  });
}

/**
 * Replays a concurrent trace offline, one replica per agent. Before agent A's transaction with
 * parents P is applied, A's replica is brought to exactly the merged state of P by applying the
 * other agents' recorded updates it has not seen yet — never more. That is sufficient because
 * each agent's transactions form a chain (checked: the parents of A's transaction always include
 * A's previous one), so "the merged state of P" is a version vector and replicas only move forward.
 */
export function replayCausally(trace: ConcurrentTrace): CausalReplay {
  const agents = trace.numAgents;
  const typists = Array.from({ length: agents }, (_, agent) => {
    const doc = new Y.Doc();
    doc.clientID = agentClientId(agent);
    return {
      doc,
      text: new CodePointText(doc.getText('content')),
      seen: new Array<number>(agents).fill(0),
    };
  });
  const txns: CausalTxn[] = [];
  const byAgent: number[][] = Array.from({ length: agents }, () => []);
  const clockAfter: number[][] = Array.from({ length: agents }, () => []);
  trace.txns.forEach((txn, index) => {
    const typist = typists[txn.agent];
    if (typist === undefined) throw new Error(`txn ${index}: unknown agent ${txn.agent}`);
    const deps = new Array<number>(agents).fill(0);
    for (const parent of txn.parents) {
      const parentDeps = txns[parent]?.deps;
      if (parentDeps === undefined) throw new Error(`txn ${index}: parent ${parent} not before it`);
      parentDeps.forEach((count, agent) => (deps[agent] = Math.max(deps[agent] ?? 0, count)));
    }
    if (deps[txn.agent] !== byAgent[txn.agent]?.length)
      throw new Error(`txn ${index}: agent ${txn.agent}'s transactions are not a chain`);
    // Bring the typist's replica to exactly its parents' state, applying the missing
    // transactions in trace order (a causal order, so Yjs never has to hold them pending).
    const missing: number[] = [];
    deps.forEach((count, other) => {
      const seen = typist.seen[other] ?? 0;
      if (other === txn.agent || count === seen) return;
      if (count < seen) throw new Error(`txn ${index}: replica of ${txn.agent} is ahead`);
      missing.push(...(byAgent[other]?.slice(seen, count) ?? []));
      typist.seen[other] = count;
    });
    missing.sort((a, b) => a - b);
    const merged = missing.length > 0;
    typist.doc.transact(() => {
      for (const earlier of missing)
        Y.applyUpdate(typist.doc, txns[earlier]?.update ?? EMPTY_UPDATE);
    });
    if (merged) typist.text.resync();
    let update: Uint8Array = EMPTY_UPDATE;
    const onUpdate = (u: Uint8Array): void => {
      update = u;
    };
    typist.doc.on('update', onUpdate);
    typist.doc.transact(() => {
      for (const [position, deleteCount, insert] of txn.patches)
        typist.text.splice(position, deleteCount, insert);
    });
    typist.doc.off('update', onUpdate);
    deps[txn.agent] = (deps[txn.agent] ?? 0) + 1;
    typist.seen[txn.agent] = deps[txn.agent] ?? 0;
    txns.push({ agent: txn.agent, update, deps });
    byAgent[txn.agent]?.push(index);
    clockAfter[txn.agent]?.push(Y.getState(typist.doc.store, agentClientId(txn.agent)));
  });
  return { clientIds: typists.map((t) => t.doc.clientID), txns, byAgent, clockAfter };
}

/** The text of all of a replay's updates merged. */
export function mergedText(replay: CausalReplay): string {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const { update } of replay.txns) Y.applyUpdate(doc, update);
  });
  return doc.getText('content').toString();
}

/**
 * Types a sequential trace into `doc`, `perTransaction` trace transactions per Yjs transaction
 * (each Yjs transaction is one update, so one message to the relay). Returns the update count.
 */
export function typeSequential(doc: Y.Doc, trace: SequentialTrace, perTransaction: number): number {
  const text = new CodePointText(doc.getText('content'));
  if (trace.startContent !== '') text.splice(0, 0, trace.startContent);
  let transactions = 0;
  for (let from = 0; from < trace.txns.length; from += perTransaction) {
    doc.transact(() => {
      for (const txn of trace.txns.slice(from, from + perTransaction))
        for (const [position, deleteCount, insert] of txn.patches)
          text.splice(position, deleteCount, insert);
    });
    transactions += 1;
  }
  return transactions;
}
