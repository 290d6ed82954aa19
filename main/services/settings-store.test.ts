import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_FILE_VERSION, openSettingsStore } from './settings-store.js';

describe('settings store', () => {
  let dir: string;
  let filePath: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'entente-settings-'));
    filePath = path.join(dir, 'settings.json');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts from defaults without a file, and writes nothing until asked', async () => {
    const store = await openSettingsStore({ filePath });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(await readdir(dir)).toEqual([]);
  });

  it('persists a replacement and reads it back', async () => {
    const store = await openSettingsStore({ filePath });
    await store.replace({ relayUrl: 'wss://relay.example/', lastWorkspace: 'comite' });
    expect(JSON.parse(await readFile(filePath, 'utf8'))).toEqual({
      version: SETTINGS_FILE_VERSION,
      settings: { relayUrl: 'wss://relay.example/', lastWorkspace: 'comite' },
    });
    const reopened = await openSettingsStore({ filePath });
    expect(reopened.get()).toEqual({ relayUrl: 'wss://relay.example/', lastWorkspace: 'comite' });
  });

  it('refuses to store invalid settings, and keeps the current ones', async () => {
    const store = await openSettingsStore({ filePath });
    await expect(
      store.replace({ relayUrl: 'http://relay.example', lastWorkspace: null }),
    ).rejects.toThrow();
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('concurrent replacements land in call order', async () => {
    const store = await openSettingsStore({ filePath });
    await Promise.all(
      ['a', 'b', 'c'].map((workspace) =>
        store.replace({ relayUrl: null, lastWorkspace: workspace }),
      ),
    );
    expect(store.get().lastWorkspace).toBe('c');
    expect((await openSettingsStore({ filePath })).get().lastWorkspace).toBe('c');
  });

  it.each([
    ['not JSON', '{"version":1,'],
    ['unknown version', JSON.stringify({ version: 2, settings: DEFAULT_SETTINGS })],
    [
      'a relay the CSP must not get',
      JSON.stringify({
        version: 1,
        settings: { relayUrl: "wss://x.example; script-src 'unsafe-inline'", lastWorkspace: null },
      }),
    ],
  ])('a damaged file (%s) gives defaults and a backup', async (_name, content) => {
    await writeFile(filePath, content);
    const reports: Array<string | null> = [];
    const store = await openSettingsStore({
      filePath,
      defaults: { relayUrl: 'wss://default.example/', lastWorkspace: null },
      onCorrupt: (_reason, backup) => reports.push(backup),
    });
    expect(store.get()).toEqual({ relayUrl: 'wss://default.example/', lastWorkspace: null });
    expect(reports).toHaveLength(1);
    expect(await readFile(reports[0] ?? '', 'utf8')).toBe(content);
  });
});
