/**
 * Composition root of the renderer (STYLE rule 6): builds the bridge, opens local storage, the
 * sync bookkeeping and the workspaces (local and joined committees), and hands them down. Nothing else in `renderer/` constructs these.
 */
import type { ReactNode } from 'react';
import type { EntenteBridge } from '../shared/ipc/contract.js';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { RecentDocuments } from './app/recent-documents.js';
import { StartupError } from './app/StartupError.js';
import { getBridge } from './bridge/get-bridge.js';
import { Workspaces } from './app/workspaces.js';
import { readMemberships } from './committee/membership.js';
import { I18nProvider } from './i18n/i18n-context.js';
import { DexieDocStore } from './storage/dexie-doc-store.js';
import { checkStorageHealth } from './storage/storage-health.js';
import { StorageWatch, type SpaceReport } from './storage/storage-watch.js';
import { pageNetworkSignals } from './sync/network-signals.js';
import { DexieSyncStateStore } from './sync/sync-state-store.js';
import './styles/tokens.css';
import './styles/editor.css';
import './styles/app.css';
import './styles/editor-chrome.css';
import './styles/offline.css';
import './styles/outline.css';
import './styles/header.css';
import './styles/sidebar.css';

/** IndexedDB database of the local profile (one profile until accounts exist). */
const DATABASE_NAME = 'entente-profile-local';

/**
 * Free space as the shell sees the disk (Electron: the user-data volume) and as Chromium sees
 * this origin's quota; low when either is. Also asks for persistent storage (no eviction).
 */
async function checkSpace(bridge: EntenteBridge): Promise<SpaceReport> {
  const [disk, health] = await Promise.all([bridge.storage.getDiskStatus(), checkStorageHealth()]);
  const known = [disk.freeBytes, health.available].filter((n): n is number => n !== null);
  return {
    lowSpace: disk.lowSpace || health.lowSpace,
    availableBytes: known.length === 0 ? null : Math.min(...known),
  };
}

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (container === null) throw new Error('index.html has no #root element');
  const root = createRoot(container);
  const withI18n = (node: ReactNode) => (
    <I18nProvider storage={window.localStorage} root={document.documentElement}>
      {node}
    </I18nProvider>
  );
  const bridge = getBridge(window, __ENTENTE_VERSION__);
  try {
    const storageWatch = new StorageWatch({ checkSpace: () => checkSpace(bridge) });
    // Both databases open at once: the document on screen waits for them.
    const [docStore, syncState] = await Promise.all([
      DexieDocStore.open({ name: DATABASE_NAME }),
      DexieSyncStateStore.open(`${DATABASE_NAME}-sync`),
    ]);
    const store = storageWatch.wrap(docStore);
    const workspaces = await Workspaces.open(
      {
        store,
        syncState,
        storage: window.localStorage,
        now: () => Date.now(),
        randomId: () => crypto.randomUUID().slice(0, 8),
        // Reconnect at once when the network returns, the window comes back, the laptop wakes.
        network: pageNetworkSignals(window, (listener) => bridge.app.onResume(listener)),
        // No background download while a write fails or space runs out: the member's own
        // edits need the room first.
        offlineGate: {
          open: () =>
            storageWatch.state.failure === null && storageWatch.state.space?.lowSpace !== true,
          subscribe: (listener) => storageWatch.subscribe(listener),
        },
      },
      readMemberships(window.localStorage),
    );
    storageWatch.start();
    root.render(
      withI18n(
        <App
          bridge={bridge}
          workspaces={workspaces}
          storageWatch={storageWatch}
          recent={new RecentDocuments(window.localStorage)}
        />,
      ),
    );
  } catch (error) {
    root.render(
      withI18n(<StartupError detail={error instanceof Error ? error.message : String(error)} />),
    );
  }
}

void start();
