/**
 * registerIpc over a real in-memory IPC pair (`shared/ipc/in-memory-ipc.ts`) with the real
 * handlers and services on a temporary user-data folder: what a page can and cannot get main to
 * do, without Electron.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS, type ContractHandlers } from '../../shared/ipc/contract.js';
import { createInMemoryIpc, type InMemoryIpc } from '../../shared/ipc/in-memory-ipc.js';
import { DeepLinkInbox } from '../services/deep-links.js';
import { UnsyncedChanges } from '../services/quit-guard.js';
import { openSettingsStore } from '../services/settings-store.js';
import { isTrustedSender, openExternalSafely } from '../windows/security.js';
import { createAppHandlers } from './handlers/app.js';
import { createLinksHandlers } from './handlers/links.js';
import { createSettingsHandlers } from './handlers/settings.js';
import { createStorageHandlers } from './handlers/storage.js';
import { registerIpc, type IpcProblem } from './register.js';

describe('registerIpc', () => {
  let dir: string;
  let ipc: InMemoryIpc;
  let opened: string[];
  let problems: Array<[string, IpcProblem]>;
  let unsynced: UnsyncedChanges;
  let inbox: DeepLinkInbox;
  let unregister: () => void;
  let handlers: ContractHandlers;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'entente-ipc-'));
    ipc = createInMemoryIpc({ id: 3 });
    opened = [];
    problems = [];
    unsynced = new UnsyncedChanges();
    inbox = new DeepLinkInbox(() => undefined);
    const store = await openSettingsStore({ filePath: path.join(dir, 'settings.json') });
    handlers = {
      app: createAppHandlers({
        info: { name: 'Entente', version: '0.1.0', platform: 'linux', locale: 'fr-FR' },
        // The real function, with Electron's shell replaced by a record of what reached it.
        openExternalSafely: (url) =>
          openExternalSafely({ openExternal: async (safe) => void opened.push(safe) }, url),
        unsynced,
      }),
      settings: createSettingsHandlers({ store, confirmRelayChange: async () => true }),
      storage: createStorageHandlers(dir),
      links: createLinksHandlers(inbox),
    };
    unregister = registerIpc(ipc.main, handlers, {
      isTrustedSender,
      onError: (channel, problem) => problems.push([channel, problem]),
    });
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves every method of the contract', async () => {
    const invoke = ipc.renderer.invoke;
    expect(await invoke('entente:app:getInfo')).toEqual({
      name: 'Entente',
      version: '0.1.0',
      platform: 'linux',
      locale: 'fr-FR',
    });
    expect(await invoke('entente:app:openExternal', 'https://example.org/a')).toBe(true);
    expect(await invoke('entente:app:openExternal', 'file:///etc/passwd')).toBe(false);
    expect(opened).toEqual(['https://example.org/a']);
    expect(await invoke('entente:app:setUnsyncedCount', 4)).toBeUndefined();
    expect(unsynced.total()).toBe(4);
    expect(await invoke('entente:settings:get')).toEqual({ relayUrl: null, lastWorkspace: null });
    expect(await invoke('entente:settings:set', { relayUrl: 'WSS://Relay.Example' })).toEqual({
      settings: { relayUrl: 'wss://relay.example/', lastWorkspace: null },
      relayChange: 'applied',
      reloadRequired: true,
    });
    expect(await invoke('entente:storage:getDiskStatus')).toMatchObject({
      lowSpace: expect.any(Boolean),
    });
    inbox.receive('entente://workspace/comite');
    expect(await invoke('entente:links:takePendingLink')).toEqual({
      kind: 'workspace',
      workspace: 'comite',
    });
    expect(problems).toEqual([]);
  });

  it('passes the caller identity to handlers', async () => {
    await ipc.renderer.invoke('entente:app:setUnsyncedCount', 2);
    const other = createInMemoryIpc({ id: 9 });
    registerIpc(other.main, handlers, { isTrustedSender });
    await other.renderer.invoke('entente:app:setUnsyncedCount', 5);
    expect(unsynced.total()).toBe(7);
  });

  it.each([
    ['a foreign page', { url: 'https://evil.example/' }],
    ['a look-alike origin', { url: 'app://entente.evil/index.html' }],
    ['a file: page', { url: 'file:///home/user/index.html' }],
    ['an iframe of the app', { isMainFrame: false }],
  ])('refuses calls from %s before running anything', async (_name, sender) => {
    Object.assign(ipc.sender, sender);
    await expect(ipc.renderer.invoke('entente:app:setUnsyncedCount', 1)).rejects.toThrow(
      /refused: untrusted-sender/,
    );
    expect(unsynced.total()).toBe(0);
    expect(problems).toEqual([['entente:app:setUnsyncedCount', 'untrusted-sender']]);
  });

  it.each([
    ['entente:app:openExternal', []],
    ['entente:app:openExternal', [{ href: 'https://example.org' }]],
    ['entente:app:setUnsyncedCount', [-1]],
    ['entente:app:setUnsyncedCount', ['1']],
    ['entente:app:getInfo', ['extra']],
    ['entente:settings:set', [{ relayUrl: 'ws://evil.example' }]],
    ['entente:settings:set', [{ lastWorkspace: '../..' }]],
    ['entente:settings:set', [{ theme: 'dark' }]],
    ['entente:settings:set', [null]],
  ])('refuses %s with invalid arguments %j', async (channel, args) => {
    await expect(ipc.renderer.invoke(channel, ...args)).rejects.toThrow(
      /refused: invalid-arguments/,
    );
    expect(problems).toEqual([[channel, 'invalid-arguments']]);
    expect(opened).toEqual([]);
  });

  it('registers nothing outside the contract', async () => {
    await expect(ipc.renderer.invoke('entente:app:quit')).rejects.toThrow(/No handler/);
    await expect(ipc.renderer.invoke('entente:links:onOpenLink')).rejects.toThrow(/No handler/);
    expect(CHANNELS.filter((info) => info.kind === 'method')).toHaveLength(7);
  });

  it('hides handler errors from the page and reports them in main', async () => {
    const failing = createInMemoryIpc();
    const details: string[] = [];
    registerIpc(
      failing.main,
      {
        ...handlers,
        storage: createStorageHandlers(path.join(dir, 'missing', 'secret-path')),
      },
      { isTrustedSender, onError: (_c, _p, detail) => details.push(detail) },
    );
    const error = await failing.renderer.invoke('entente:storage:getDiskStatus').catch((e) => e);
    expect(String(error)).toMatch(/entente:storage:getDiskStatus failed/);
    expect(String(error)).not.toMatch(/secret-path/);
    expect(details.join('\n')).toMatch(/secret-path/);
  });

  it('refuses to send a result that breaks the contract', async () => {
    const broken = createInMemoryIpc();
    registerIpc(
      broken.main,
      { ...handlers, app: { ...handlers.app, getInfo: () => ({ name: 'x' }) as never } },
      { isTrustedSender },
    );
    await expect(broken.renderer.invoke('entente:app:getInfo')).rejects.toThrow(
      /refused: invalid-result/,
    );
  });

  it('unregisters every channel', async () => {
    unregister();
    await expect(ipc.renderer.invoke('entente:app:getInfo')).rejects.toThrow(/No handler/);
  });
});
