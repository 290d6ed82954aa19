/**
 * Starts the two servers under test as child processes on loopback: ours
 * (`dist/sync-server/cli.js`, SQLite in a temporary directory) and the reference
 * (`@y/websocket-server`'s `server.js`, which keeps documents in memory only).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sleep } from './stats.js';

/** Which server. */
export type ServerKind = 'entente' | 'reference';

/** Repository root (this file is tests/bench/relay/servers.ts). */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** HS256 secret of the benchmark's tokens (the reference server ignores tokens). */
export const BENCH_SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** Workspace of every benchmark room (`bench/<doc>`). */
export const WORKSPACE = 'bench';

const ENTRY: Record<ServerKind, string> = {
  entente: join(REPO_ROOT, 'dist/sync-server/cli.js'),
  reference: join(REPO_ROOT, 'node_modules/@y/websocket-server/src/server.js'),
};

/** How a server process ended. */
export interface ExitInfo {
  readonly code: number | null;
  readonly signal: string | null;
  /** Milliseconds from the signal to the exit. */
  readonly ms: number;
  /** When the exit was slow: what each thread was doing, sampled while waiting. */
  readonly threadSamples: string[];
}

const SLOW_STOP_MS = 3000;

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/**
 * One line per thread: name, state, CPU ticks, kernel wait channel, current syscall. Taken
 * when a server does not exit promptly on SIGTERM, so a report can say whether it was
 * spinning, blocked in a syscall (which one) or idle waiting for nothing.
 */
export function describeThreads(pid: number): string {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return 'gone';
  }
  return tasks
    .map((tid) => {
      const stat = readOr(`/proc/${pid}/task/${tid}/stat`, '');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const wchan = readOr(`/proc/${pid}/task/${tid}/wchan`, '?');
      const syscall = readOr(`/proc/${pid}/task/${tid}/syscall`, '?').split(' ')[0];
      return `${tid} ${name} ${fields[0]} cpu=${ticks} wchan=${wchan} syscall=${syscall}`;
    })
    .join('; ');
}

/** A running server process. */
export interface BenchServer<Kind extends string = ServerKind> {
  readonly kind: Kind;
  readonly port: number;
  readonly pid: number;
  /** `ws://127.0.0.1:<port>` */
  readonly url: string;
  /** SQLite directory (ours only; kept across `restart`). */
  readonly dataDir: string | null;
  /** Milliseconds from spawn to an accepted TCP connection. */
  readonly startMs: number;
  /** Last ~64 KiB of stdout and stderr (warnings, errors). */
  output(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after 20 s). */
  stop(): Promise<ExitInfo>;
  /** True while the process runs (a crash during a scenario must not go unnoticed). */
  alive(): boolean;
  /** Removes the data directory (after `stop`; restarts share it, so call it once). */
  cleanup(): void;
}

/**
 * Every server process still running. NOTE: module state on purpose — however the run ends
 * (error, deadline, Ctrl-C), the exit hook below must reach every server wherever it was
 * started; child processes would otherwise outlive the benchmark.
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('error', () => ok(false));
  });
}

/** Options of `startServer`. */
export interface StartOptions {
  /** Reuse a port (restarts). */
  readonly port?: number;
  /** Reuse a data directory (ours; restarts on the same SQLite file). */
  readonly dataDir?: string;
}

/** The environment each server of `bench:relay` runs with (ours: SQLite in `dataDir`). */
export function environment(
  kind: ServerKind,
  port: number,
  dataDir: string | null,
): NodeJS.ProcessEnv {
  // A clean environment: nothing from the caller's shell (YPERSISTENCE, DATABASE_URL, REDIS_URL…)
  // may change what is measured.
  const base = baseEnvironment(port);
  if (kind === 'reference') return base;
  return {
    ...base,
    ENTENTE_DATA_DIR: dataDir ?? '',
    ENTENTE_JWT_SECRET: BENCH_SECRET,
    // Flood protection would close the generators (4429); the bench measures the relay's cost.
    ENTENTE_RATE_MESSAGES: '10000000',
    ENTENTE_RATE_BURST: '10000000',
    ENTENTE_RATE_BYTES: String(1024 * 1024 * 1024),
    // Every generated client connects from loopback: the per-address and total caps would
    // refuse the thousands the bench opens (the reference server has none).
    ENTENTE_MAX_CONNECTIONS: '1000000',
    ENTENTE_MAX_CONNECTIONS_PER_ADDRESS: '1000000',
    ENTENTE_UPGRADE_RATE: '1000000',
    ENTENTE_UPGRADE_BURST: '1000000',
    ENTENTE_MAX_WORKSPACE_BYTES: String(1024 * 1024 * 1024 * 1024),
    ENTENTE_LOG_LEVEL: 'warn',
  };
}

/** Starts a server and resolves once its port accepts connections. */
export async function startServer(
  kind: ServerKind,
  options: StartOptions = {},
): Promise<BenchServer> {
  const port = options.port ?? (await freePort());
  const dataDir =
    kind === 'entente' ? (options.dataDir ?? mkdtempSync(join(tmpdir(), 'entente-bench-'))) : null;
  return launchServer({
    kind,
    args: [ENTRY[kind]],
    env: environment(kind, port, dataDir),
    port,
    dataDir,
  });
}

/** What {@link launchServer} starts: `node <args>` with exactly `env`. */
export interface ServerSpec<Kind extends string> {
  readonly kind: Kind;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly port: number;
  /** Where it keeps its data, removed by `cleanup` (null: in memory only). */
  readonly dataDir: string | null;
}

/** A clean environment for a server: nothing from the caller's shell changes what is measured. */
export function baseEnvironment(port: number): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port) };
}

/** Starts a Node server process and resolves once its port accepts connections. */
export async function launchServer<Kind extends string>(
  spec: ServerSpec<Kind>,
): Promise<BenchServer<Kind>> {
  const { kind, port, dataDir } = spec;
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...spec.args], {
    cwd: REPO_ROOT,
    env: spec.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-65536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  running.add(child);
  let exit: { code: number | null; signal: string | null; at: number } | null = null;
  const exited = new Promise<void>((ok) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      exit = { code, signal, at: performance.now() };
      ok();
    }),
  );
  const deadline = Date.now() + 20_000;
  while (!(await tcpAccepts(port))) {
    if (exit !== null) throw new Error(`${kind} server exited before listening: ${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${kind} server did not listen within 20 s: ${output}`);
    }
    await sleep(25);
  }
  const startMs = performance.now() - started;
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${kind} server has no pid`);
  return {
    kind,
    port,
    pid,
    url: `ws://127.0.0.1:${port}`,
    dataDir,
    startMs,
    output: () => output,
    stop: async () => {
      const signalled = performance.now();
      const threadSamples: string[] = [];
      if (exit === null) {
        child.kill('SIGTERM');
        const sample = setInterval(() => {
          if (exit !== null) return;
          const ms = Math.round(performance.now() - signalled);
          threadSamples.push(`+${ms} ms: ${describeThreads(pid)}`);
        }, SLOW_STOP_MS);
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
        clearInterval(sample);
      }
      const done = exit as { code: number | null; signal: string | null; at: number } | null;
      return {
        code: done?.code ?? null,
        signal: done?.signal ?? null,
        ms: Math.max(0, (done?.at ?? signalled) - signalled),
        threadSamples,
      };
    },
    alive: () => exit === null,
    cleanup: () => {
      if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
