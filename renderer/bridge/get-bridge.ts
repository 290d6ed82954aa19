/**
 * The one place the renderer looks for the Electron bridge (STYLE rule 5): `window.entente` when
 * the preload exposed it, otherwise the web implementation of the same contract.
 */
import type { EntenteBridge } from '../../shared/ipc/contract.js';
import { createWebBridge } from './web-bridge.js';

/** `window` as the preload leaves it: `entente` is present only inside Electron. */
type BridgeWindow = Window & { readonly entente?: EntenteBridge };

/** The bridge for this page. Call once, in the composition root, and pass the result down. */
export function getBridge(win: BridgeWindow, version: string): EntenteBridge {
  return win.entente ?? createWebBridge(win, version);
}
