/**
 * The application menu, in French. Built from Electron roles (so undo, copy, zoom… act on the
 * focused page natively) with French labels and explicit accelerators: Electron's default
 * labels are English, and writing the shortcuts down makes them reviewable and tested.
 *
 * A pure function of the platform: `main/index.ts` passes the result to
 * `Menu.buildFromTemplate`. On macOS the first menu is the application menu (About, Services,
 * Hide, Quit) as the platform expects; elsewhere Quit is in Fichier and About in Aide.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { FR } from '../i18n/fr.js';

/** What the menu depends on. */
export interface MenuOptions {
  /** `process.platform`. */
  readonly platform: string;
  /** Product name shown in the macOS application menu. */
  readonly appName: string;
  /** Development build: adds Recharger and the developer tools. */
  readonly development: boolean;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

/** The menu template for `Menu.buildFromTemplate`. */
export function buildApplicationMenu(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const menu = FR.menu;
  const template: MenuItemConstructorOptions[] = [];

  if (mac) {
    template.push({
      label: options.appName,
      submenu: [
        { role: 'about', label: menu.about(options.appName) },
        separator,
        { role: 'services', label: menu.services },
        separator,
        { role: 'hide', label: menu.hide(options.appName), accelerator: 'Command+H' },
        { role: 'hideOthers', label: menu.hideOthers, accelerator: 'Command+Alt+H' },
        { role: 'unhide', label: menu.showAll },
        separator,
        { role: 'quit', label: menu.quit(options.appName), accelerator: 'Command+Q' },
      ],
    });
  }

  template.push({
    label: menu.file,
    submenu: [
      { role: 'close', label: menu.closeWindow, accelerator: 'CmdOrCtrl+W' },
      ...(mac
        ? []
        : [
            separator,
            { role: 'quit' as const, label: menu.quit(options.appName), accelerator: 'Ctrl+Q' },
          ]),
    ],
  });

  template.push({
    label: menu.edit,
    submenu: [
      { role: 'undo', label: menu.undo, accelerator: 'CmdOrCtrl+Z' },
      // Windows and Linux users expect Ctrl+Y; macOS uses Shift+Cmd+Z.
      { role: 'redo', label: menu.redo, accelerator: mac ? 'Shift+Command+Z' : 'Ctrl+Y' },
      separator,
      { role: 'cut', label: menu.cut, accelerator: 'CmdOrCtrl+X' },
      { role: 'copy', label: menu.copy, accelerator: 'CmdOrCtrl+C' },
      { role: 'paste', label: menu.paste, accelerator: 'CmdOrCtrl+V' },
      {
        role: 'pasteAndMatchStyle',
        label: menu.pasteAndMatchStyle,
        accelerator: 'CmdOrCtrl+Shift+V',
      },
      { role: 'delete', label: menu.delete },
      separator,
      { role: 'selectAll', label: menu.selectAll, accelerator: 'CmdOrCtrl+A' },
    ],
  });

  template.push({
    label: menu.view,
    submenu: [
      { role: 'zoomIn', label: menu.zoomIn, accelerator: 'CmdOrCtrl+=' },
      { role: 'zoomOut', label: menu.zoomOut, accelerator: 'CmdOrCtrl+-' },
      { role: 'resetZoom', label: menu.resetZoom, accelerator: 'CmdOrCtrl+0' },
      separator,
      {
        role: 'togglefullscreen',
        label: menu.fullScreen,
        accelerator: mac ? 'Control+Command+F' : 'F11',
      },
      ...(options.development
        ? [
            separator,
            { role: 'reload' as const, label: menu.reload, accelerator: 'CmdOrCtrl+R' },
            {
              role: 'toggleDevTools' as const,
              label: menu.devTools,
              accelerator: mac ? 'Alt+Command+I' : 'Ctrl+Shift+I',
            },
          ]
        : []),
    ],
  });

  template.push({
    label: menu.window,
    submenu: [
      { role: 'minimize', label: menu.minimize, accelerator: 'CmdOrCtrl+M' },
      ...(mac
        ? [
            { role: 'zoom' as const, label: menu.zoom },
            separator,
            { role: 'front' as const, label: menu.front },
          ]
        : []),
    ],
  });

  template.push({
    role: 'help',
    label: menu.help,
    submenu: mac ? [] : [{ role: 'about', label: menu.about(options.appName) }],
  });

  return template;
}
