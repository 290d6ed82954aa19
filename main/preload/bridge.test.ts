/**
 * The preload's bridge over a real in-memory IPC pair. The main side here is a plain echo of
 * each channel, so these tests pin what the bridge itself does (channel per member, arguments
 * passed through, listener isolation, frozen shape); `main/ipc/register.test.ts` covers what
 * main does with the same channels.
 */
import { describe, expect, it } from 'vitest';
import {
  CHANNELS,
  NAMESPACES,
  eventsOf,
  methodsOf,
  type EntenteBridge,
  type OpenLinkTarget,
} from '../../shared/ipc/contract.js';
import { createInMemoryIpc } from '../../shared/ipc/in-memory-ipc.js';
import { assertContractChannel, buildBridge } from './bridge.js';

function echoBridge() {
  const ipc = createInMemoryIpc();
  for (const info of CHANNELS) {
    if (info.kind === 'method') {
      ipc.main.handle(info.channel, (_event, ...args) => ({ channel: info.channel, args }));
    }
  }
  return { ipc, bridge: buildBridge(ipc.renderer) };
}

const settle = async () => {
  await Promise.resolve();
  await Promise.resolve();
};

describe('buildBridge', () => {
  it('has exactly the contract’s namespaces and members', () => {
    const { bridge } = echoBridge();
    expect(Object.keys(bridge)).toEqual(NAMESPACES);
    for (const namespace of NAMESPACES) {
      expect(Object.keys(bridge[namespace])).toEqual([
        ...methodsOf(namespace),
        ...eventsOf(namespace),
      ]);
      for (const member of Object.values(bridge[namespace])) expect(typeof member).toBe('function');
    }
  });

  it('each method invokes its own channel with its arguments', async () => {
    const { bridge } = echoBridge();
    const call = bridge.app.openExternal as unknown as (url: string) => Promise<unknown>;
    await expect(call('https://example.org')).resolves.toEqual({
      channel: 'entente:app:openExternal',
      args: ['https://example.org'],
    });
    const set = bridge.settings.set as unknown as (patch: object) => Promise<unknown>;
    await expect(set({ lastWorkspace: 'w' })).resolves.toEqual({
      channel: 'entente:settings:set',
      args: [{ lastWorkspace: 'w' }],
    });
  });

  it('events deliver the payload only, until unsubscribed', async () => {
    const { ipc, bridge } = echoBridge();
    const calls: unknown[][] = [];
    const off = bridge.links.onOpenLink((...args: unknown[]) => calls.push(args));
    const target: OpenLinkTarget = { kind: 'workspace', workspace: 'comite' };
    ipc.send('entente:links:onOpenLink', target);
    await settle();
    expect(calls).toEqual([[target]]);
    off();
    off();
    ipc.send('entente:links:onOpenLink', target);
    await settle();
    expect(calls).toHaveLength(1);
  });

  it('refuses a listener that is not a function', () => {
    const { bridge } = echoBridge();
    const on = bridge.links.onOpenLink as unknown as (listener: unknown) => unknown;
    expect(() => on('alert(1)')).toThrow(TypeError);
  });

  it('is frozen: the page cannot redirect a method', () => {
    const { bridge } = echoBridge();
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.isFrozen(bridge.app)).toBe(true);
    expect(() => {
      (bridge as { app: unknown }).app = {};
    }).toThrow(TypeError);
  });

  it('arguments that cannot cross processes reject', async () => {
    const { bridge } = echoBridge();
    const set = bridge.settings.set as unknown as (patch: unknown) => Promise<unknown>;
    await expect(set({ relayUrl: () => 'x' })).rejects.toThrow();
  });

  it('exposes no transport', () => {
    const { bridge } = echoBridge();
    const text = JSON.stringify(Object.getOwnPropertyNames(bridge));
    expect(text).not.toMatch(/invoke|send|ipc/i);
    const typed: EntenteBridge = bridge;
    expect(typed).toBe(bridge);
  });
});

describe('assertContractChannel', () => {
  it('accepts contract channels of the right kind only', () => {
    expect(() => assertContractChannel('entente:app:getInfo', 'method')).not.toThrow();
    expect(() => assertContractChannel('entente:links:onOpenLink', 'event')).not.toThrow();
    expect(() => assertContractChannel('entente:links:onOpenLink', 'method')).toThrow();
    expect(() => assertContractChannel('entente:app:getInfo', 'event')).toThrow();
    expect(() => assertContractChannel('entente:app:quit', 'method')).toThrow();
    expect(() => assertContractChannel('ELECTRON_BROWSER_REQUIRE', 'method')).toThrow();
  });
});
