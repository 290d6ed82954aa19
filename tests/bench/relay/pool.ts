/**
 * Forks load-generator processes (`worker.ts` under tsx) and calls their commands. Each call
 * has a deadline, so a stuck generator fails the run instead of hanging it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { CommandName, Commands, Reply, Request } from './protocol.js';
import { REPO_ROOT } from './servers.js';

/** One generator process. */
export class Generator {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { ok: (value: unknown) => void; fail: (error: Error) => void }
  >();
  private exited = false;

  constructor(private readonly child: ChildProcess) {
    child.on('message', (message: Reply) => {
      const waiter = this.waiting.get(message.id);
      if (waiter === undefined) return;
      this.waiting.delete(message.id);
      if (message.ok) waiter.ok(message.result);
      else waiter.fail(new Error(message.error));
    });
    child.once('exit', (code, signal) => {
      this.exited = true;
      for (const waiter of this.waiting.values())
        waiter.fail(new Error(`generator exited (${code ?? signal})`));
      this.waiting.clear();
    });
  }

  /** Process id, for reading its CPU time. */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Runs a command; rejects after `timeoutMs`. */
  call<K extends CommandName>(
    command: K,
    args: Commands[K]['args'],
    timeoutMs: number,
  ): Promise<Commands[K]['result']> {
    if (this.exited) return Promise.reject(new Error('generator has exited'));
    const id = this.nextId++;
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        fail(new Error(`generator command ${command} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        ok: (value) => {
          clearTimeout(timer);
          ok(value as Commands[K]['result']);
        },
        fail: (error) => {
          clearTimeout(timer);
          fail(error);
        },
      });
      const request: Request = { id, command, args };
      this.child.send(request);
    });
  }

  /** Ends the process (it also exits by itself when the coordinator goes away). */
  kill(): void {
    if (!this.exited) this.child.kill('SIGTERM');
  }
}

/** Forks a generator process running `worker.ts` through tsx. */
export function forkGenerator(): Generator {
  const child = fork(join(import.meta.dirname, 'worker.ts'), [], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Generators hold thousands of sockets and docs; give their heap room so GC pauses stay rare.
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=4096' },
  });
  return new Generator(child);
}
