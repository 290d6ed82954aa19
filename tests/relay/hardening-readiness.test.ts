/**
 * [Hardening 4] `/readyz` tells whether the relay can save members' work: with its data
 * directory on a small tmpfs filled to the brim it answers 503 (and writes fail with 4500,
 * nothing lost), while `/healthz` stays 200; once space is freed it answers 200 again by itself
 * and writes are stored. Needs root to mount the tmpfs (CI runs as root); skipped otherwise.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { ackWriter } from '../support/ack-client.js';
import { eventually } from '../support/clients.js';
import {
  removeDir,
  startRelayProcess,
  tempDir,
  type RelayProcess,
} from '../support/relay-process.js';
import { token } from '../support/tokens.js';

const root = tempDir('entente-full-');
const mountPoint = join(root, 'disk');
let mounted = false;
let relay: RelayProcess | undefined;

function tryMount(): boolean {
  mkdirSync(mountPoint, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mountPoint], {
      stdio: 'pipe',
    });
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  mounted = process.getuid?.() === 0 && tryMount();
  if (!mounted) console.warn('hardening-readiness: cannot mount a tmpfs (needs root); skipped');
});

afterAll(async () => {
  await relay?.stop('SIGKILL');
  if (mounted) execFileSync('umount', [mountPoint]);
  removeDir(root);
});

async function status(path: string): Promise<number> {
  return (await fetch(`http://127.0.0.1:${relay!.port}${path}`)).status;
}

/** Fills the disk until it refuses another byte. */
function fill(file: string): void {
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(256 * 1024, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  // The last bytes: smaller writes until not even one fits.
  try {
    for (;;) writeSync(fd, Buffer.alloc(512, 1));
  } catch {
    /* full */
  } finally {
    closeSync(fd);
  }
}

describe('/readyz on a full disk', () => {
  it('is 503 while nothing can be written, 200 again once space is back', async (context) => {
    if (!mounted) context.skip();
    const dataDir = join(mountPoint, 'data');
    relay = await startRelayProcess({
      dataDir,
      env: { ENTENTE_MIN_FREE_BYTES: String(2 * 1024 * 1024) },
    });
    expect(await status('/readyz')).toBe(200);
    const before = ackWriter(relay.url, 'comite/charte', token());
    await before.raw.opened;
    before.write('Écrit avant. ');
    await eventually(() => before.acked() === 1, 5000, 'first write stored');

    const filler = join(mountPoint, 'filler');
    fill(filler);
    let ready = 200;
    const until = Date.now() + 5000;
    while (ready === 200 && Date.now() < until) {
      await new Promise((ok) => setTimeout(ok, 250));
      ready = await status('/readyz');
    }
    expect(ready).toBe(503);
    expect(await status('/healthz')).toBe(200);
    // A write now is not stored, and the writer is told to retry later.
    before.write('x'.repeat(64 * 1024));
    expect((await before.raw.closed).code).toBe(CloseCode.StorageUnavailable);

    rmSync(filler);
    let back = 503;
    const deadline = Date.now() + 5000;
    while (back !== 200 && Date.now() < deadline) {
      await new Promise((ok) => setTimeout(ok, 250));
      back = await status('/readyz');
    }
    expect(back).toBe(200);
    const after = ackWriter(relay.url, 'comite/charte', token({ sub: 'u-2' }));
    await after.raw.opened;
    after.write('Écrit après. ');
    await eventually(() => after.acked() === 1, 5000, 'write after recovery stored');
    after.raw.ws.close();
    const logs = relay.logs.join('\n');
    expect(logs).toMatch(/"msg":"not ready"/);
  });
});
