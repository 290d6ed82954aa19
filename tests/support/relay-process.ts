/**
 * Starts the real relay (`dist/sync-server/cli.js`, built by `npm test` before the tests run) as
 * a child process, on a free port, with its own data directory, and collects its JSON logs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Absolute path of the compiled relay entry point. */
export const RELAY_CLI = resolve(import.meta.dirname, '../../dist/sync-server/cli.js');

/** A fixed secret for tests, so tokens can be signed without reading the data directory. */
export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** A running relay process. */
export interface RelayProcess {
  readonly port: number;
  readonly url: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Every stdout line so far. */
  readonly logs: string[];
  /** stderr so far. */
  stderr(): string;
  /** Sends a signal and waits for the exit; resolves with the exit code (null if killed). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Options for `startRelay`. */
export interface StartOptions {
  /** Extra environment variables (e.g. DATABASE_URL, REDIS_URL, limits). */
  readonly env?: Record<string, string>;
  /** Reuse a data directory (to restart on the same SQLite file). */
  readonly dataDir?: string;
  /** Reuse a port (to restart where clients reconnect). */
  readonly port?: number;
  /** The process's umask, e.g. `000` (default: this process's). */
  readonly umask?: string;
}

/** Finds a free TCP port on loopback. */
export async function freePort(): Promise<number> {
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

/** Makes a temporary data directory, removed by `removeDir`. */
export function tempDir(prefix = 'entente-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Removes a directory tree, ignoring absence. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Starts a relay and resolves once it listens. */
export async function startRelayProcess(options: StartOptions = {}): Promise<RelayProcess> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? tempDir();
  // A umask is a property of the process: set it in a shell that then becomes the relay.
  if (options.umask !== undefined && !/^[0-7]{3,4}$/.test(options.umask))
    throw new Error(`invalid umask ${options.umask}`);
  const [command, args] =
    options.umask === undefined
      ? [process.execPath, [RELAY_CLI]]
      : [
          '/bin/sh',
          ['-c', `umask ${options.umask} && exec "$0" "$1"`, process.execPath, RELAY_CLI],
        ];
  const child = spawn(command, args, {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      ENTENTE_DATA_DIR: dataDir,
      ENTENTE_JWT_SECRET: TEST_SECRET,
      ENTENTE_LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  let errText = '';
  let partial = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    errText += chunk;
  });
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`relay did not start: ${errText}`)), 20_000);
    child.stdout?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        if (line.includes('"relay listening"')) {
          clearTimeout(timer);
          ok();
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`relay exited with ${code} before listening: ${errText}`));
    });
  });
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    dataDir,
    child,
    logs,
    stderr: () => errText,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}
