/**
 * `Relay.drain()` and `Relay.shutdown()` called in the same turn as a `receive()`, i.e. while
 * the relay's own flush is still scheduled with `setImmediate`. With a store that answers
 * without I/O (the memory store; SQLite too, whose driver is synchronous) a relay that waited
 * for that flag in a loop of promises would never yield to the event loop again: not even a
 * timer could stop it. So each case runs in a child process (the real relay core, loaded with
 * tsx) that the test kills if it has not finished in time.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const LIMIT_MS = 8_000;

/** Runs `body` after a relay with a member `a` and an observer `b` joined `comite/charte`. */
function probe(body: string): string {
  return `
    import { RelayHarness, turn, updateFrom } from './sync-server/relay/testing/relay-harness.ts';
    import { encodeSyncUpdate } from './shared/protocol/messages.ts';
    import { docWithClient } from './shared/testing/yjs-updates.ts';
    import * as Y from 'yjs';
    const h = new RelayHarness();
    const a = await h.join('member', { wantsAck: true });
    const b = await h.join('observer');
    const update = updateFrom(docWithClient(1), (d) => d.getText('t').insert(0, 'x'));
    ${body}
    // What the store holds, log or snapshot (a shutdown compacts before it exits).
    const room = await h.store.load('comite/charte');
    const replica = new Y.Doc();
    if (room.snapshot !== null) Y.applyUpdate(replica, room.snapshot);
    for (const u of room.updates) Y.applyUpdate(replica, u.data);
    const stored = replica.getText('t').toString();
    const report = {
      relayed: b.receivedOf('update').length,
      acks: a.receivedOf('ack').map((f) => f.count),
      stored,
      closed: [a.socket.closed?.code ?? null, b.socket.closed?.code ?? null],
    };
    await h.close();
    process.stdout.write(JSON.stringify(report));
  `;
}

interface ProbeResult {
  readonly finished: boolean;
  readonly report: Record<string, unknown> | null;
  readonly stderr: string;
}

function runProbe(code: string): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const finished = code === 0;
      resolve({
        finished,
        report: finished ? (JSON.parse(stdout) as Record<string, unknown>) : null,
        stderr,
      });
    });
  });
}

describe('drain() and shutdown() while a flush is scheduled', () => {
  it('control: drain() one turn after receive() commits and relays', async () => {
    const result = await runProbe(
      probe(`a.send(encodeSyncUpdate(update)); await turn(); await h.relay.drain();`),
    );
    expect(result.stderr).toBe('');
    expect(result.report).toEqual({ relayed: 1, acks: [1], stored: 'x', closed: [null, null] });
  });

  it(`drain() in the same turn as receive() resolves within ${LIMIT_MS} ms`, async () => {
    const result = await runProbe(
      probe(`a.send(encodeSyncUpdate(update)); await h.relay.drain();`),
    );
    expect(result.finished, 'drain() never resolved: the process had to be killed').toBe(true);
    expect(result.report).toEqual({ relayed: 1, acks: [1], stored: 'x', closed: [null, null] });
  });

  it(`shutdown() in the same turn as receive() (SIGTERM under load) finishes within ${LIMIT_MS} ms`, async () => {
    const result = await runProbe(
      probe(`a.send(encodeSyncUpdate(update)); await h.relay.shutdown();`),
    );
    expect(result.finished, 'shutdown() never resolved: the process had to be killed').toBe(true);
    expect(result.report).toEqual({ relayed: 1, acks: [1], stored: 'x', closed: [1012, 1012] });
  });
});
