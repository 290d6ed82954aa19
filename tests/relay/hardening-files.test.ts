/**
 * [Hardening 5] The store is for the relay alone: in a fresh data directory, started with the
 * widest umask, the directory is 0700 and every file in it 0600 (the SQLite store, its -wal and
 * -shm, the generated secret); a store left readable by others is fixed at start, and logged.
 */
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stockClient, synced, eventually } from '../support/clients.js';
import {
  removeDir,
  startRelayProcess,
  tempDir,
  type RelayProcess,
} from '../support/relay-process.js';
import { token } from '../support/tokens.js';

const root = tempDir('entente-files-');
const dataDir = join(root, 'data'); // does not exist yet
let relay: RelayProcess | undefined;

afterAll(async () => {
  await relay?.stop('SIGKILL');
  removeDir(root);
});

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');
const START = { dataDir, umask: '000', env: { ENTENTE_JWT_SECRET: '' } } as const;

function modes(): Record<string, string> {
  const result: Record<string, string> = { '.': modeOf(dataDir) };
  for (const name of readdirSync(dataDir)) result[name] = modeOf(join(dataDir, name));
  return result;
}

/** Writes a little text through the relay, with a token signed by the generated secret. */
async function write(text: string): Promise<void> {
  const secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim();
  const client = stockClient(relay!.url, 'comite/charte', { token: token({}, secret) });
  await synced(client);
  client.doc.getText('content').insert(0, text);
  const reader = stockClient(relay!.url, 'comite/charte', { token: token({ sub: 'r' }, secret) });
  await synced(reader);
  await eventually(() => reader.doc.getText('content').toString().includes(text), 5000, 'stored');
  client.destroy();
  reader.destroy();
}

describe('files of a fresh data directory', () => {
  it('are 0600 in a 0700 directory, whatever the umask', async () => {
    relay = await startRelayProcess(START);
    await write('Article premier. ');
    const seen = modes();
    expect(Object.keys(seen).sort()).toEqual(
      ['.', 'entente.sqlite', 'entente.sqlite-shm', 'entente.sqlite-wal', 'jwt-secret'].sort(),
    );
    expect(seen).toEqual({
      '.': '0700',
      'entente.sqlite': '0600',
      'entente.sqlite-shm': '0600',
      'entente.sqlite-wal': '0600',
      'jwt-secret': '0600',
    });
    expect(relay.logs.join('\n')).not.toMatch(/readable by others|open to others/);
  });

  it('left readable by others, are fixed at the next start and the fix is logged', async () => {
    await relay?.stop('SIGKILL'); // a crash keeps the -wal and -shm
    chmodSync(dataDir, 0o755);
    for (const name of readdirSync(dataDir)) chmodSync(join(dataDir, name), 0o644);
    relay = await startRelayProcess(START);
    await write('Article deux. ');
    expect(Object.values(modes()).every((m) => m === '0600' || m === '0700')).toBe(true);
    expect(modes()['.']).toBe('0700');
    const logs = relay.logs.map((l) => JSON.parse(l) as { msg: string; files?: string });
    expect(logs.find((l) => l.msg === 'data directory was open to others, now 0700')).toBeDefined();
    const fixed = logs.find((l) => l.msg === 'store files were readable by others, now 0600');
    expect(fixed?.files?.split(', ').sort()).toEqual(
      ['entente.sqlite', 'entente.sqlite-shm', 'entente.sqlite-wal', 'jwt-secret'].sort(),
    );
  });
});
