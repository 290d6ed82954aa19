/** What every measure of the client benchmark gets from the run, and the machine's load. */
import { busyShare, machineCpu } from '../relay/proc.js';
import { sleep } from '../relay/stats.js';
import { cpus } from 'node:os';
import type { ClientPlan } from './plan.js';

/** Shared state of one run. */
export interface BenchContext {
  readonly plan: ClientPlan;
  /** Base URL of the web root (app at `/`, bench page under `bench/`). */
  readonly url: string;
  /** One Chromium profile directory per person the run plays. */
  readonly profiles: {
    readonly open: string;
    readonly typing: string;
    readonly mergeA: string;
    readonly mergeB: string;
    readonly reconnect: string;
    readonly download: string;
  };
  /** Progress lines. */
  log(line: string): void;
  /** Oddities for the report. */
  readonly notes: string[];
}

/**
 * Cores busy over the next half second, measured while the benchmark itself is idle (between
 * rounds): other people's work on this shared machine, which every timing below competes with.
 */
export async function otherCoresNow(ms = 500): Promise<number> {
  const before = machineCpu();
  await sleep(ms);
  return busyShare(before, machineCpu()) * cpus().length;
}
