/**
 * The preload script: runs in every app window, sandboxed, before the page. It exposes the
 * contract's bridge as `window.entente` and nothing else (STYLE rule 4).
 *
 * Shipped as one CommonJS file, `dist/main/preload/index.cjs`, bundled by
 * `build/build-preload.js`: a sandboxed preload can `require` only `electron` and a few Node
 * polyfills, never our other files, and cannot be an ES module (ENVIRONMENT.md pitfall).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge.js';

const bridge = buildBridge({
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on: (channel, listener) => {
    // Drop Electron's event argument: its `sender` is `ipcRenderer` itself.
    const forward = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
});

contextBridge.exposeInMainWorld('entente', bridge);
