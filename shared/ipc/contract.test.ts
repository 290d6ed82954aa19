import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CHANNELS,
  CHANNEL_PREFIX,
  CONTRACT_SHAPE,
  NAMESPACES,
  channelInfoOf,
  channelName,
  eventsOf,
  methodsOf,
  type ArgsOf,
  type EntenteBridge,
  type NamespaceHandlers,
  type OpenLinkTarget,
  type ResultOf,
  type SettingsUpdate,
  type Unsubscribe,
} from './contract.js';
import { EVENT_SCHEMAS, METHOD_SCHEMAS } from './validate.js';

describe('channels', () => {
  it('are named entente:<namespace>:<member>', () => {
    expect(CHANNEL_PREFIX).toBe('entente:');
    expect(channelName('app', 'getInfo')).toBe('entente:app:getInfo');
    expect(CHANNELS.map((info) => info.channel)).toEqual([
      'entente:app:getInfo',
      'entente:app:openExternal',
      'entente:app:setUnsyncedCount',
      'entente:app:onResume',
      'entente:settings:get',
      'entente:settings:set',
      'entente:storage:getDiskStatus',
      'entente:links:takePendingLink',
      'entente:links:onOpenLink',
    ]);
  });

  it('are unique, and no method shares a name with an event of its namespace', () => {
    const names = CHANNELS.map((info) => info.channel);
    expect(new Set(names).size).toBe(names.length);
    for (const namespace of NAMESPACES) {
      const events = new Set<string>(eventsOf(namespace));
      expect(methodsOf(namespace).filter((method) => events.has(method))).toEqual([]);
    }
  });

  it('events are named onX, methods are not', () => {
    for (const info of CHANNELS) {
      expect(/^on[A-Z]/.test(info.member), info.channel).toBe(info.kind === 'event');
    }
  });

  it('channelInfoOf finds contract channels only', () => {
    expect(channelInfoOf('entente:links:onOpenLink')).toEqual({
      channel: 'entente:links:onOpenLink',
      namespace: 'links',
      member: 'onOpenLink',
      kind: 'event',
    });
    for (const channel of ['entente:app:constructor', 'entente:app:__proto__', 'app:getInfo']) {
      expect(channelInfoOf(channel)).toBeUndefined();
    }
  });

  it('the run-time shape lists exactly the schemas validate.ts defines', () => {
    for (const namespace of NAMESPACES) {
      expect(Object.keys(METHOD_SCHEMAS[namespace])).toEqual(methodsOf(namespace));
      expect(Object.keys(EVENT_SCHEMAS[namespace])).toEqual(eventsOf(namespace));
    }
    expect(Object.keys(CONTRACT_SHAPE)).toEqual(NAMESPACES);
  });
});

describe('contract types', () => {
  it('derive the bridge from the method table', () => {
    expectTypeOf<ArgsOf<'app', 'openExternal'>>().toEqualTypeOf<[url: string]>();
    expectTypeOf<ResultOf<'settings', 'set'>>().toEqualTypeOf<SettingsUpdate>();
    expectTypeOf<EntenteBridge['app']['openExternal']>().toEqualTypeOf<
      (url: string) => Promise<boolean>
    >();
    expectTypeOf<EntenteBridge['links']['onOpenLink']>().toEqualTypeOf<
      (listener: (payload: OpenLinkTarget) => void) => Unsubscribe
    >();
    expectTypeOf<keyof EntenteBridge['storage']>().toEqualTypeOf<'getDiskStatus'>();
  });

  it('handlers take the call context first', () => {
    expectTypeOf<NamespaceHandlers<'app'>['setUnsyncedCount']>().parameters.toEqualTypeOf<
      [context: { readonly senderId: number }, count: number]
    >();
  });
});
