/**
 * The real data shared by all Entente projects lives outside the repository, in
 * `../shared/fixtures/`. Tests find it through ONE setting, `ENTENTE_FIXTURES_DIR` (default
 * `../shared/fixtures`, relative to the repository root); where the folder is absent they say so
 * and skip only the cases that need it. Fixtures are never copied into the project.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe } from 'vitest';

/** The setting naming the fixtures folder. */
export const FIXTURES_SETTING = 'ENTENTE_FIXTURES_DIR';

/** Where the fixtures are when the setting is unset, relative to the repository root. */
export const DEFAULT_FIXTURES_DIR = '../shared/fixtures';

const REPOSITORY_ROOT = resolve(import.meta.dirname, '../..');

/** The absolute fixtures folder: `ENTENTE_FIXTURES_DIR`, resolved against the repository root. */
export function fixturesDir(): string {
  const setting = process.env[FIXTURES_SETTING];
  const dir = setting === undefined || setting === '' ? DEFAULT_FIXTURES_DIR : setting;
  return isAbsolute(dir) ? dir : resolve(REPOSITORY_ROOT, dir);
}

/** True when the fixtures folder (or `folder` inside it) exists. */
export function hasFixtures(folder = ''): boolean {
  return existsSync(join(fixturesDir(), folder));
}

/**
 * `describe`, skipped when the fixtures `folder` is absent — with a message naming the missing
 * folder and the setting, so a skipped run is never mistaken for a passing one.
 */
export function describeWithFixtures(name: string, fn: () => void, folder = ''): void {
  const missing = !hasFixtures(folder);
  if (missing) {
    console.warn(
      `[fixtures] SKIPPED "${name}": fixtures folder ${join(fixturesDir(), folder)} not found. ` +
        `Set ${FIXTURES_SETTING} to the fixtures folder (default ${DEFAULT_FIXTURES_DIR} ` +
        `relative to the repository root).`,
    );
  }
  describe.skipIf(missing)(name, fn);
}

/** One patch: like `Array.prototype.splice` on the text, positions in Unicode code points. */
export type TracePatch = readonly [position: number, deleteCount: number, insert: string];

/** A transaction of a sequential trace. */
export interface SequentialTxn {
  /** When it was typed (ISO 8601), if recorded. */
  readonly time?: string;
  /** Patches, applied in order. */
  readonly patches: readonly TracePatch[];
}

/** A transaction of a concurrent trace. */
export interface ConcurrentTxn extends SequentialTxn {
  /** Which user typed it (0-based). */
  readonly agent: number;
  /** Indexes of the transactions whose merged state it was typed on; `[]` is the empty document. */
  readonly parents: readonly number[];
  /** How many transactions name this one as a parent. */
  readonly numChildren: number;
}

/** One person typing a document alone. */
export interface SequentialTrace {
  readonly kind?: undefined;
  readonly startContent: string;
  readonly endContent: string;
  readonly txns: readonly SequentialTxn[];
}

/** Several people typing one document at the same time. */
export interface ConcurrentTrace {
  readonly kind: 'concurrent';
  readonly numAgents: number;
  readonly endContent: string;
  readonly txns: readonly ConcurrentTxn[];
}

/** Either format of `editing-traces/`. */
export type EditingTrace = SequentialTrace | ConcurrentTrace;

/** True for the concurrent format. */
export function isConcurrent(trace: EditingTrace): trace is ConcurrentTrace {
  return trace.kind === 'concurrent';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Checks the shape the types above promise (the first transaction in depth, all in breadth). */
function checkTrace(name: string, value: unknown): EditingTrace {
  const fail = (why: string): never => {
    throw new Error(`editing trace ${name}: ${why}`);
  };
  if (!isObject(value)) return fail('not an object');
  if (typeof value.endContent !== 'string') fail('endContent is not a string');
  if (!Array.isArray(value.txns)) return fail('txns is not an array');
  const concurrent = value.kind === 'concurrent';
  if (!concurrent && typeof value.startContent !== 'string') fail('startContent missing');
  if (concurrent && typeof value.numAgents !== 'number') fail('numAgents missing');
  const txns: unknown[] = value.txns;
  txns.forEach((txn, i) => {
    if (!isObject(txn) || !Array.isArray(txn.patches)) fail(`txn ${i} has no patches`);
    if (concurrent && (!isObject(txn) || typeof txn.agent !== 'number'))
      fail(`txn ${i} has no agent`);
    if (concurrent && (!isObject(txn) || !Array.isArray(txn.parents)))
      fail(`txn ${i} has no parents`);
  });
  return value as unknown as EditingTrace;
}

/** Reads `editing-traces/<name>.json.gz` from the fixtures folder (gunzip + JSON.parse). */
export function readTrace(name: string): EditingTrace {
  const file = join(fixturesDir(), 'editing-traces', `${name}.json.gz`);
  return checkTrace(name, JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')));
}

/** Reads a trace that must be concurrent. */
export function readConcurrentTrace(name: string): ConcurrentTrace {
  const trace = readTrace(name);
  if (!isConcurrent(trace)) throw new Error(`editing trace ${name} is not concurrent`);
  return trace;
}

/** Reads a trace that must be sequential. */
export function readSequentialTrace(name: string): SequentialTrace {
  const trace = readTrace(name);
  if (isConcurrent(trace)) throw new Error(`editing trace ${name} is not sequential`);
  return trace;
}
