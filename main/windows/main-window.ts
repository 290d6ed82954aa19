/**
 * The main window: opened where it was left (`services/window-state.ts`), with the one set of
 * hardened preferences (`security.ts`), loading the UI from the app protocol.
 *
 * Electron glue, type-checked only; its decisions are tested where they live.
 */
import type { BrowserWindow as ElectronBrowserWindow, Screen, WebPreferences } from 'electron';
import { APP_ENTRY_URL } from '../protocol/app-origin.js';
import {
  MIN_WINDOW_SIZE,
  restoreWindowState,
  type Rect,
  type WindowStateFile,
} from '../services/window-state.js';

/** How long the window must stay still before its position is saved. */
const SAVE_DELAY_MS = 500;

/** What the main window needs from the composition root. */
export interface MainWindowOptions {
  /** Electron's `BrowserWindow` class. */
  readonly BrowserWindow: typeof ElectronBrowserWindow;
  /** Electron's `screen`, to find the displays present now. */
  readonly screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>;
  /** Where the window's bounds are remembered. */
  readonly stateFile: WindowStateFile;
  /** From `buildWebPreferences` (security.ts): the same for every win. */
  readonly webPreferences: WebPreferences;
  /** Window title until the page sets its own. */
  readonly title: string;
  /** Reports a failure to save the window state (not worth bothering the user with). */
  readonly log: (message: string) => void;
}

/** The displays' work areas, primary first (what `restoreWindowState` expects). */
export function workAreas(screen: MainWindowOptions['screen']): Rect[] {
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
  return [primary.workArea, ...others.map((display) => display.workArea)];
}

/** Creates the main window and starts loading the UI; shows it once the page is painted. */
export async function createMainWindow(options: MainWindowOptions): Promise<ElectronBrowserWindow> {
  const { BrowserWindow } = options;
  const state = restoreWindowState(await options.stateFile.load(), workAreas(options.screen));
  // Security-relevant preferences come from buildWebPreferences (security.ts), unit-tested there;
  // see build/electronegativity-allowlist.json for why the scanner cannot see them here.
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: options.title,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: options.webPreferences,
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    if (win.isDestroyed()) return;
    const next = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    options.stateFile.save(next).catch((error: unknown) => {
      options.log(`could not save the window state: ${String(error)}`);
    });
  };
  const saveSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => save(), SAVE_DELAY_MS);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('maximize', saveSoon);
  win.on('unmaximize', saveSoon);
  win.on('close', () => {
    clearTimeout(timer);
    save();
  });

  void win.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    options.log(`could not load the UI: ${String(error)}`);
  });
  return win;
}
