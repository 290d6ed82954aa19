import { describe, expect, it } from 'vitest';
import {
  EVENT_SCHEMAS,
  MAX_EXTERNAL_URL_LENGTH,
  METHOD_SCHEMAS,
  openLinkTargetSchema,
  settingsPatchSchema,
  settingsSchema,
} from './validate.js';

const TOKEN = 'aaa.bbb.ccc';

describe('argument tuples', () => {
  it('refuse extra or missing arguments', () => {
    expect(METHOD_SCHEMAS.app.getInfo.args.safeParse([]).success).toBe(true);
    expect(METHOD_SCHEMAS.app.getInfo.args.safeParse([1]).success).toBe(false);
    expect(METHOD_SCHEMAS.app.openExternal.args.safeParse([]).success).toBe(false);
    expect(METHOD_SCHEMAS.app.openExternal.args.safeParse(['https://a', 'b']).success).toBe(false);
  });

  it('openExternal takes one bounded string (its scheme is checked by main)', () => {
    const args = METHOD_SCHEMAS.app.openExternal.args;
    expect(args.safeParse(['https://example.org']).success).toBe(true);
    expect(args.safeParse([{ toString: () => 'https://x' }]).success).toBe(false);
    expect(args.safeParse([`https://e.org/${'a'.repeat(MAX_EXTERNAL_URL_LENGTH)}`]).success).toBe(
      false,
    );
  });

  it('setUnsyncedCount takes a non-negative integer', () => {
    const args = METHOD_SCHEMAS.app.setUnsyncedCount.args;
    expect(args.safeParse([0]).success).toBe(true);
    expect(args.safeParse([42]).success).toBe(true);
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3', 1e12]) {
      expect(args.safeParse([bad]).success, String(bad)).toBe(false);
    }
  });
});

describe('settings', () => {
  it('accept null or valid values and normalise the relay URL', () => {
    expect(settingsSchema.parse({ relayUrl: null, lastWorkspace: null })).toEqual({
      relayUrl: null,
      lastWorkspace: null,
    });
    expect(
      settingsSchema.parse({ relayUrl: 'WSS://Relay.Example', lastWorkspace: 'comite' }),
    ).toEqual({ relayUrl: 'wss://relay.example/', lastWorkspace: 'comite' });
  });

  it('refuse unknown keys, bad relays and bad ids', () => {
    const bad = [
      { relayUrl: null, lastWorkspace: null, extra: 1 },
      { relayUrl: 'http://relay.example', lastWorkspace: null },
      { relayUrl: null, lastWorkspace: '../etc' },
      { relayUrl: null },
      null,
      'settings',
    ];
    for (const value of bad) expect(settingsSchema.safeParse(value).success).toBe(false);
  });

  it('a patch may hold any subset, and nothing else', () => {
    expect(settingsPatchSchema.parse({})).toEqual({});
    expect(settingsPatchSchema.parse({ relayUrl: null })).toEqual({ relayUrl: null });
    expect(settingsPatchSchema.safeParse({ theme: 'dark' }).success).toBe(false);
    expect(METHOD_SCHEMAS.settings.set.args.safeParse([{ lastWorkspace: 'w' }]).success).toBe(true);
  });
});

describe('results', () => {
  it('disk status must be byte counts', () => {
    const result = METHOD_SCHEMAS.storage.getDiskStatus.result;
    expect(result.safeParse({ freeBytes: 1, totalBytes: 2, lowSpace: false }).success).toBe(true);
    expect(result.safeParse({ freeBytes: -1, totalBytes: 2, lowSpace: false }).success).toBe(false);
    expect(result.safeParse({ freeBytes: 1.5, totalBytes: 2, lowSpace: false }).success).toBe(
      false,
    );
  });

  it('app info platform is one of the known values', () => {
    const result = METHOD_SCHEMAS.app.getInfo.result;
    const info = { name: 'Entente', version: '0.1.0', platform: 'linux', locale: 'fr-FR' };
    expect(result.safeParse(info).success).toBe(true);
    expect(result.safeParse({ ...info, platform: 'freebsd' }).success).toBe(false);
  });
});

describe('link targets', () => {
  it('accept the three kinds', () => {
    for (const target of [
      { kind: 'workspace', workspace: 'w' },
      { kind: 'document', workspace: 'w', document: 'd' },
      { kind: 'join', relay: 'wss://relay.example/', token: TOKEN },
    ]) {
      expect(openLinkTargetSchema.parse(target)).toEqual(target);
      expect(EVENT_SCHEMAS.links.onOpenLink.safeParse(target).success).toBe(true);
    }
  });

  it('refuse invalid ids, relays, tokens and unknown kinds', () => {
    for (const target of [
      { kind: 'workspace', workspace: '_index' },
      { kind: 'document', workspace: 'w' },
      { kind: 'join', relay: 'ws://relay.example', token: TOKEN },
      { kind: 'join', relay: 'wss://relay.example', token: 'x' },
      { kind: 'delete', workspace: 'w' },
      { kind: 'workspace', workspace: 'w', document: 'd' },
    ]) {
      expect(openLinkTargetSchema.safeParse(target).success, JSON.stringify(target)).toBe(false);
    }
  });
});
