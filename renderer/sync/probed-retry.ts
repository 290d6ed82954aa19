/**
 * The committee link's retries once the relay is away: after {@link PROBE_AFTER_FAILURES}
 * sockets in a row failed to open, each retry asks the relay over HTTP first
 * (`relay-probe.ts` says why) and connects only when it answers — or, after
 * {@link MAX_FAILED_PROBES} silent probes, tries the socket anyway. The link keeps the timers
 * and the socket; this keeps the counts and the probe in flight.
 */
import { MAX_FAILED_PROBES, PROBE_AFTER_FAILURES, type RelayProbe } from './relay-probe.js';

/** What a retry does once decided: both are no-ops when a socket or a timer already exists. */
export interface RetryActions {
  /** Open a socket now. */
  readonly connect: () => void;
  /** Try again after the backoff. */
  readonly later: () => void;
}

/** See the module comment. */
export class ProbedRetry {
  readonly #probe: () => Promise<boolean>;
  #failedSockets = 0;
  #failedProbes = 0;
  /** Counts the attempts, so that a probe answering late starts nothing stale. */
  #attempt = 0;
  #probing = false;

  /** `probe` asks `serverUrl`. */
  constructor(probe: RelayProbe, serverUrl: string) {
    this.#probe = () => probe(serverUrl);
  }

  /** True once sockets keep failing: rooms wait for a probed retry instead of connecting. */
  get relayAway(): boolean {
    return this.#failedSockets >= PROBE_AFTER_FAILURES;
  }

  /** True while a probe is in flight (no other retry is scheduled meanwhile). */
  get probing(): boolean {
    return this.#probing;
  }

  /** A socket opened: the relay is back. */
  socketOpened(): void {
    this.#failedSockets = 0;
    this.#failedProbes = 0;
  }

  /** A socket ended without opening. */
  socketFailed(): void {
    this.#failedSockets += 1;
  }

  /** The link connects on its own (a wake-up, a new token): a probe in flight is stale. */
  superseded(): void {
    this.#attempt += 1;
  }

  /** A retry is due: connect, or probe first and connect if the relay answers. */
  run(actions: RetryActions): void {
    const attempt = ++this.#attempt;
    if (!this.relayAway || this.#failedProbes >= MAX_FAILED_PROBES) {
      this.#failedProbes = 0;
      actions.connect();
      return;
    }
    this.#probing = true;
    void this.#probe().then(
      (answers) => this.#probed(attempt, answers, actions),
      () => this.#probed(attempt, false, actions),
    );
  }

  #probed(attempt: number, answers: boolean, actions: RetryActions): void {
    this.#probing = false;
    // Superseded meanwhile: whatever came of that decides; if it failed while this probe ran,
    // its retry was held back, so schedule one now.
    if (attempt !== this.#attempt) {
      actions.later();
    } else if (answers) {
      actions.connect();
    } else {
      this.#failedProbes += 1;
      actions.later();
    }
  }
}
