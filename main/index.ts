/**
 * Composition root of the Electron main process (STYLE rule 6): the one module that imports
 * Electron's values, builds every service and passes it down. Everything it wires is a plain
 * module tested in Node; this file is type-checked against Electron's own types and exercised
 * by running the app.
 *
 * Order matters:
 * 1. before `ready`: sandbox every renderer, declare the `app:` scheme privileged, take the
 *    single-instance lock, listen for links (`open-url` fires before `ready` on macOS);
 * 2. on `ready`: deny permissions, load settings, serve the UI with its CSP, set the menu,
 *    register the IPC handlers, open the window.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BrowserWindow,
  Menu,
  app,
  dialog,
  ipcMain,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
  type MessageBoxOptions,
} from 'electron';
import type { AppPlatform, Settings } from '../shared/ipc/contract.js';
import { LINK_SCHEME } from '../shared/ipc/links.js';
import { parseRelayUrl } from '../shared/ipc/relay-url.js';
import { FR } from './i18n/fr.js';
import { createEventEmitter } from './ipc/events.js';
import { createAppHandlers } from './ipc/handlers/app.js';
import { createLinksHandlers } from './ipc/handlers/links.js';
import { createSettingsHandlers } from './ipc/handlers/settings.js';
import { createStorageHandlers } from './ipc/handlers/storage.js';
import { registerIpc } from './ipc/register.js';
import { buildApplicationMenu } from './menu/application-menu.js';
import { registerAppScheme, serveAppProtocol } from './protocol/app-protocol.js';
import { DeepLinkInbox, findLinkArgument } from './services/deep-links.js';
import { profileFolder } from './services/profile-folder.js';
import { QUIT_ANYWAY, QuitGuard, UnsyncedChanges, quitDialog } from './services/quit-guard.js';
import { APPROVE_RELAY, relayChangeDialog } from './services/relay-approval.js';
import { DEFAULT_SETTINGS, openSettingsStore } from './services/settings-store.js';
import { WindowStateFile } from './services/window-state.js';
import { createMainWindow } from './windows/main-window.js';
import {
  buildCsp,
  buildWebPreferences,
  denyPermissions,
  enableGlobalSandbox,
  guardAllWebContents,
  isTrustedSender,
  openExternalSafely,
  relayOriginsOf,
} from './windows/security.js';

const PRODUCT_NAME = 'Entente';
/** `dist/main`: the renderer build and the bundled preload sit next to it. */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = path.join(HERE, '..', 'renderer');
const PRELOAD_PATH = path.join(HERE, 'preload', 'index.cjs');
const DEVELOPMENT = !app.isPackaged;

const log = (message: string) => console.warn(`[entente] ${message}`);

// One user-data folder (`…/Entente`) for `electron .` and the packaged app alike: the default
// derives from package.json's name, which differs between the two. Must happen before `ready`,
// and before the single-instance lock, which is taken on this folder (a `--entente-profile`
// gets its own folder, hence its own instance: `services/profile-folder.ts`).
app.setName(PRODUCT_NAME);
const profile = profileFolder(PRODUCT_NAME, process.argv);
if (!profile.ok) {
  console.error(`[entente] ${profile.reason}`);
  app.exit(2);
} else {
  app.setPath('userData', path.join(app.getPath('appData'), profile.folder));
  enableGlobalSandbox(app);
  registerAppScheme(protocol);
  if (app.requestSingleInstanceLock()) {
    start();
  } else {
    // Another instance runs: it receives our argv (and any link in it) via `second-instance`.
    app.quit();
  }
}

function start(): void {
  const webPreferences = buildWebPreferences({ preloadPath: PRELOAD_PATH, devTools: DEVELOPMENT });
  const unsynced = new UnsyncedChanges();
  const quitGuard = new QuitGuard(unsynced);
  let mainWindow: BrowserWindow | null = null;

  const emit = createEventEmitter((channel, payload) => {
    if (mainWindow !== null && !mainWindow.isDestroyed())
      mainWindow.webContents.send(channel, payload);
  });
  const inbox = new DeepLinkInbox((target) => emit('links', 'onOpenLink', target));
  const focusMainWindow = () => {
    if (mainWindow === null || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  };
  const receiveLink = (link: string) => {
    const result = inbox.receive(link);
    if (!result.ok) log(`refused link: ${result.reason}`);
    focusMainWindow();
  };

  const showDialog = async (options: MessageBoxOptions) =>
    mainWindow !== null && !mainWindow.isDestroyed()
      ? dialog.showMessageBox(mainWindow, options)
      : dialog.showMessageBox(options);

  /** Shows the unsynced-changes question; `then` runs if the user chooses to quit anyway. */
  const askToQuit = (then: () => void) => {
    showDialog(quitDialog(unsynced.total()))
      .then(({ response }) => {
        quitGuard.answer(response === QUIT_ANYWAY);
        if (response === QUIT_ANYWAY) then();
      })
      .catch((error: unknown) => {
        quitGuard.answer(false);
        log(`quit dialog failed: ${String(error)}`);
      });
  };

  guardAllWebContents(app, {
    webPreferences,
    openInSystem: (url) => {
      openExternalSafely(shell, url).catch((error: unknown) => {
        log(`could not open ${url}: ${String(error)}`);
      });
    },
    log,
  });
  registerLinkScheme();
  app.on('open-url', (event, url) => {
    event.preventDefault();
    receiveLink(url);
  });
  app.on('second-instance', (_event, argv) => {
    const link = findLinkArgument(argv);
    if (link !== null) receiveLink(link);
    else focusMainWindow();
  });
  const launchLink = findLinkArgument(process.argv);
  if (launchLink !== null) receiveLink(launchLink);

  app.on('before-quit', (event) => {
    const attempt = quitGuard.attempt();
    if (attempt === 'proceed') return;
    event.preventDefault();
    if (attempt === 'ask') askToQuit(() => app.quit());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  const openWindow = async (): Promise<BrowserWindow> => {
    const win = await createMainWindow({
      BrowserWindow,
      screen,
      stateFile: new WindowStateFile(path.join(app.getPath('userData'), 'window-state.json')),
      webPreferences,
      title: PRODUCT_NAME,
      log,
    });
    const contentsId = win.webContents.id;
    // A (re)loading page no longer listens for links and has reported no changes yet.
    win.webContents.on('did-start-navigation', (details) => {
      if (!details.isMainFrame || details.isSameDocument) return;
      inbox.pause();
      unsynced.forget(contentsId);
    });
    win.webContents.once('destroyed', () => unsynced.forget(contentsId));
    // Closing the last window quits on Windows and Linux: ask first, as `before-quit` would.
    win.on('close', (event) => {
      if (process.platform === 'darwin' || BrowserWindow.getAllWindows().length > 1) return;
      const attempt = quitGuard.attempt();
      if (attempt === 'proceed') return;
      event.preventDefault();
      if (attempt === 'ask') askToQuit(() => win.close());
    });
    win.once('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    mainWindow = win;
    return win;
  };

  app
    .whenReady()
    .then(async () => {
      denyPermissions(session.defaultSession);
      // After a sleep, sockets can be dead without knowing it: the UI reconnects at once.
      powerMonitor.on('resume', () => emit('app', 'onResume', { reason: 'resume' }));
      powerMonitor.on('unlock-screen', () => emit('app', 'onResume', { reason: 'unlock-screen' }));
      if (process.platform === 'win32') app.setAppUserModelId('fr.entente.desktop');
      const userData = app.getPath('userData');
      let damagedSettingsBackup: string | null | undefined;
      const settings = await openSettingsStore({
        filePath: path.join(userData, 'settings.json'),
        defaults: defaultSettings(),
        onCorrupt: (reason, backupPath) => {
          log(`settings file damaged (${reason}); moved to ${backupPath ?? '(could not move)'}`);
          damagedSettingsBackup = backupPath;
        },
      });
      serveAppProtocol(protocol, {
        rootDir: RENDERER_DIR,
        csp: () => buildCsp({ relayOrigins: relayOriginsOf(settings.get().relayUrl) }),
      });
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          buildApplicationMenu({
            platform: process.platform,
            appName: PRODUCT_NAME,
            development: DEVELOPMENT,
          }),
        ),
      );
      registerIpc(
        ipcMain,
        {
          app: createAppHandlers({
            info: {
              name: PRODUCT_NAME,
              version: app.getVersion(),
              platform: appPlatform(process.platform),
              locale: app.getLocale() || 'fr-FR',
            },
            openExternalSafely: (url) => openExternalSafely(shell, url),
            unsynced,
          }),
          settings: createSettingsHandlers({
            store: settings,
            confirmRelayChange: async (relayUrl) =>
              (await showDialog(relayChangeDialog(relayUrl))).response === APPROVE_RELAY,
          }),
          storage: createStorageHandlers(userData),
          links: createLinksHandlers(inbox),
        },
        {
          isTrustedSender,
          onError: (channel, problem, detail) => log(`${channel}: ${problem}: ${detail}`),
        },
      );
      await openWindow();
      if (damagedSettingsBackup !== undefined) {
        void showDialog({
          type: 'info',
          title: FR.settingsReset.title,
          message: FR.settingsReset.message,
          ...(damagedSettingsBackup === null
            ? {}
            : { detail: FR.settingsReset.detail(damagedSettingsBackup) }),
        });
      }
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) void openWindow();
      });
    })
    .catch((error: unknown) => {
      log(
        `could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      app.exit(1);
    });
}

/**
 * Makes the OS send `entente://` links to this app. In development (`electron .`), Electron
 * itself is the executable, so the app's folder is passed as its argument.
 */
function registerLinkScheme(): void {
  const appFolder = process.argv[1];
  if (process.defaultApp && appFolder !== undefined) {
    app.setAsDefaultProtocolClient(LINK_SCHEME, process.execPath, [path.resolve(appFolder)]);
  } else {
    app.setAsDefaultProtocolClient(LINK_SCHEME);
  }
}

/**
 * Settings of a first start. `ENTENTE_RELAY_URL` lets an administrator (or a developer) preset
 * the relay; it passes through the same validation as any relay, and an invalid value is ignored.
 */
function defaultSettings(): Settings {
  const relay = process.env['ENTENTE_RELAY_URL'];
  if (relay === undefined || relay === '') return DEFAULT_SETTINGS;
  const parsed = parseRelayUrl(relay);
  if (!parsed.ok) {
    log(`ENTENTE_RELAY_URL ignored: ${parsed.reason}`);
    return DEFAULT_SETTINGS;
  }
  return { ...DEFAULT_SETTINGS, relayUrl: parsed.url };
}

function appPlatform(platform: NodeJS.Platform): AppPlatform {
  return platform === 'darwin' || platform === 'win32' || platform === 'linux' ? platform : 'other';
}
