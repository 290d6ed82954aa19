/**
 * Type test, checked by `tsc -b` (`main/tsconfig.test.json`): the preload's bridge is exactly
 * the contract's `EntenteBridge`, member for member. The web bridge
 * (`renderer/bridge/web-bridge.ts`) carries the same assertion on its side.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { EntenteBridge, OpenLinkTarget, Unsubscribe } from '../../shared/ipc/contract.js';
import { buildBridge, type BridgeTransport } from './bridge.js';

describe('preload bridge type', () => {
  it('is the contract’s EntenteBridge', () => {
    expectTypeOf(buildBridge).parameter(0).toEqualTypeOf<BridgeTransport>();
    expectTypeOf(buildBridge).returns.toEqualTypeOf<EntenteBridge>();
    expectTypeOf<ReturnType<typeof buildBridge>['links']['onOpenLink']>().toEqualTypeOf<
      (listener: (payload: OpenLinkTarget) => void) => Unsubscribe
    >();
    expectTypeOf<ReturnType<typeof buildBridge>['app']['setUnsyncedCount']>().toEqualTypeOf<
      (count: number) => Promise<void>
    >();
  });

  it('satisfies EntenteBridge where it is built', () => {
    const transport: BridgeTransport = {
      invoke: async () => undefined,
      on: () => () => undefined,
    };
    const bridge = buildBridge(transport) satisfies EntenteBridge;
    expectTypeOf(bridge.settings.get).returns.resolves.toEqualTypeOf<{
      readonly relayUrl: string | null;
      readonly lastWorkspace: string | null;
    }>();
  });
});
