/**
 * The forms of "nothing" in the sync protocol, shared by the relay and the app: the state
 * vector of a peer that holds nothing (its step 1 asks for everything) and the v1 update that
 * carries nothing (the step 2 of a room never written).
 */

/** The state vector of a peer that holds nothing: no client (one varuint 0). */
export const EMPTY_STATE_VECTOR: Uint8Array = Uint8Array.of(0);

/** The v1 update that carries nothing: no structs, an empty delete set. */
export const EMPTY_UPDATE: Uint8Array = Uint8Array.of(0, 0);

/** True for {@link EMPTY_STATE_VECTOR}: a step 1 that asks for everything. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

/** True for {@link EMPTY_UPDATE}. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}
