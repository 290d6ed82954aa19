import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSettingsStore, type SettingsStore } from '../../services/settings-store.js';
import { createSettingsHandlers } from './settings.js';

const CONTEXT = { senderId: 1 };

describe('settings handlers', () => {
  let dir: string;
  let store: SettingsStore;
  let asked: string[];
  let answer: boolean;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'entente-settings-handler-'));
    store = await openSettingsStore({ filePath: path.join(dir, 'settings.json') });
    asked = [];
    answer = true;
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const handlers = () =>
    createSettingsHandlers({
      store,
      confirmRelayChange: async (relay) => {
        asked.push(relay);
        return answer;
      },
    });

  it('a new relay needs the user’s approval, and then a reload', async () => {
    const result = await handlers().set(CONTEXT, { relayUrl: 'wss://relay.example/' });
    expect(asked).toEqual(['wss://relay.example/']);
    expect(result).toEqual({
      settings: { relayUrl: 'wss://relay.example/', lastWorkspace: null },
      relayChange: 'applied',
      reloadRequired: true,
    });
    expect(store.get().relayUrl).toBe('wss://relay.example/');
  });

  it('a declined relay leaves the relay alone but applies the rest', async () => {
    answer = false;
    const result = await handlers().set(CONTEXT, {
      relayUrl: 'wss://other.example/',
      lastWorkspace: 'comite',
    });
    expect(result).toEqual({
      settings: { relayUrl: null, lastWorkspace: 'comite' },
      relayChange: 'declined',
      reloadRequired: false,
    });
  });

  it('setting the same relay again or removing it asks nothing', async () => {
    await store.replace({ relayUrl: 'wss://relay.example/', lastWorkspace: null });
    const same = await handlers().set(CONTEXT, { relayUrl: 'wss://relay.example/' });
    expect(same.relayChange).toBe('unchanged');
    const removed = await handlers().set(CONTEXT, { relayUrl: null });
    expect(removed).toEqual({
      settings: { relayUrl: null, lastWorkspace: null },
      relayChange: 'applied',
      reloadRequired: true,
    });
    expect(asked).toEqual([]);
  });

  it('concurrent updates merge in call order', async () => {
    const settings = handlers();
    await Promise.all([
      settings.set(CONTEXT, { relayUrl: 'wss://relay.example/' }),
      settings.set(CONTEXT, { lastWorkspace: 'comite' }),
    ]);
    expect(settings.get()).toEqual({ relayUrl: 'wss://relay.example/', lastWorkspace: 'comite' });
  });
});
