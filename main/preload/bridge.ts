/**
 * Builds `window.entente` from the contract (STYLE rule 4), over any transport with Electron's
 * `invoke`/`on` shape, so it is tested in Node over the in-memory IPC and shipped over
 * `ipcRenderer` (`index.ts`).
 *
 * What the page gets, and nothing more:
 * - one async function per contract method, which forwards its arguments to
 *   `entente:<namespace>:<method>` (main validates them);
 * - one `onX(listener) → unsubscribe` per contract event, whose listener receives the payload
 *   only, never Electron's IPC event (which would expose `ipcRenderer` through `event.sender`);
 * - methods that close over their channel: the page gets copies made by `contextBridge`, so
 *   nothing it does to them can point a method at another channel or reach the transport (the
 *   objects are also frozen, for code running in the preload's own world).
 *
 * Every channel is checked against the contract's list before use: a bug that built a channel
 * name outside the contract fails loudly instead of reaching main.
 */
import {
  CHANNEL_PREFIX,
  NAMESPACES,
  channelInfoOf,
  channelName,
  eventsOf,
  methodsOf,
  type EntenteBridge,
  type Unsubscribe,
} from '../../shared/ipc/contract.js';

/** The two calls the bridge makes; `ipcRenderer` wrapped in `index.ts` is one. */
export interface BridgeTransport {
  /** Calls a main-process method. */
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  /** Subscribes to a main-process event; the listener receives the payload only. */
  on(channel: string, listener: (payload: unknown) => void): Unsubscribe;
}

/** Fails unless `channel` is a contract channel of the expected kind. */
export function assertContractChannel(channel: string, kind: 'method' | 'event'): void {
  const info = channelInfoOf(channel);
  if (!channel.startsWith(CHANNEL_PREFIX) || info === undefined || info.kind !== kind) {
    throw new Error(`not an Entente ${kind} channel: ${channel}`);
  }
}

/** Builds the bridge over `transport`. */
export function buildBridge(transport: BridgeTransport): EntenteBridge {
  const bridge: Record<string, Readonly<Record<string, unknown>>> = {};
  for (const namespace of NAMESPACES) {
    const members: Record<string, unknown> = {};
    for (const method of methodsOf(namespace)) {
      const channel = channelName(namespace, method);
      assertContractChannel(channel, 'method');
      members[method] = (...args: unknown[]) => transport.invoke(channel, ...args);
    }
    for (const event of eventsOf(namespace)) {
      const channel = channelName(namespace, event);
      assertContractChannel(channel, 'event');
      members[event] = (listener: unknown): Unsubscribe => {
        if (typeof listener !== 'function') throw new TypeError(`${event} needs a function`);
        const unsubscribe = transport.on(channel, (payload) => listener(payload));
        // The page gets a function that can only remove this one listener, once.
        let subscribed = true;
        return () => {
          if (subscribed) unsubscribe();
          subscribed = false;
        };
      };
    }
    bridge[namespace] = Object.freeze(members);
  }
  // NOTE: the object is assembled from the run-time contract, which `satisfies` the contract's
  // types in `contract.ts`; this cast is where the two meet. `bridge.test.ts` checks that every
  // member exists and reaches its channel, and `bridge.types.test.ts` checks the type.
  return Object.freeze(bridge) as unknown as EntenteBridge;
}
