import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildApplicationMenu, type MenuOptions } from './application-menu.js';

const LINUX: MenuOptions = { platform: 'linux', appName: 'Entente', development: false };
const MAC: MenuOptions = { platform: 'darwin', appName: 'Entente', development: false };

type Item = MenuItemConstructorOptions;

function submenu(item: Item | undefined): Item[] {
  expect(Array.isArray(item?.submenu)).toBe(true);
  return item?.submenu as Item[];
}

/** Every item, depth first. */
function allItems(template: Item[]): Item[] {
  return template.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? allItems(item.submenu) : []),
  ]);
}

/** `label (role, accelerator)` for each non-separator item of a submenu. */
function describeMenu(item: Item | undefined): string[] {
  return submenu(item)
    .filter((entry) => entry.type !== 'separator')
    .map(
      (entry) =>
        `${entry.label} (${entry.role}${entry.accelerator ? `, ${entry.accelerator}` : ''})`,
    );
}

describe('buildApplicationMenu on Windows and Linux', () => {
  const template = buildApplicationMenu(LINUX);

  it('has the French top-level menus in order', () => {
    expect(template.map((item) => item.label)).toEqual([
      'Fichier',
      'Édition',
      'Affichage',
      'Fenêtre',
      'Aide',
    ]);
  });

  it('Fichier closes the window and quits', () => {
    expect(describeMenu(template[0])).toEqual([
      'Fermer la fenêtre (close, CmdOrCtrl+W)',
      'Quitter Entente (quit, Ctrl+Q)',
    ]);
  });

  it('Édition has the usual commands and shortcuts', () => {
    expect(describeMenu(template[1])).toEqual([
      'Annuler (undo, CmdOrCtrl+Z)',
      'Rétablir (redo, Ctrl+Y)',
      'Couper (cut, CmdOrCtrl+X)',
      'Copier (copy, CmdOrCtrl+C)',
      'Coller (paste, CmdOrCtrl+V)',
      'Coller sans la mise en forme (pasteAndMatchStyle, CmdOrCtrl+Shift+V)',
      'Supprimer (delete)',
      'Tout sélectionner (selectAll, CmdOrCtrl+A)',
    ]);
  });

  it('Affichage zooms and goes full screen, without developer tools in production', () => {
    expect(describeMenu(template[2])).toEqual([
      'Zoom avant (zoomIn, CmdOrCtrl+=)',
      'Zoom arrière (zoomOut, CmdOrCtrl+-)',
      'Taille réelle (resetZoom, CmdOrCtrl+0)',
      'Plein écran (togglefullscreen, F11)',
    ]);
  });

  it('Aide holds À propos', () => {
    expect(describeMenu(template[4])).toEqual(['À propos d’Entente (about)']);
  });

  it('development builds add Recharger and the developer tools', () => {
    const development = buildApplicationMenu({ ...LINUX, development: true });
    expect(describeMenu(development[2]).slice(-2)).toEqual([
      'Recharger (reload, CmdOrCtrl+R)',
      'Outils de développement (toggleDevTools, Ctrl+Shift+I)',
    ]);
  });
});

describe('buildApplicationMenu on macOS', () => {
  const template = buildApplicationMenu(MAC);

  it('starts with the application menu', () => {
    expect(template.map((item) => item.label)).toEqual([
      'Entente',
      'Fichier',
      'Édition',
      'Affichage',
      'Fenêtre',
      'Aide',
    ]);
    expect(describeMenu(template[0])).toEqual([
      'À propos d’Entente (about)',
      'Services (services)',
      'Masquer Entente (hide, Command+H)',
      'Masquer les autres (hideOthers, Command+Alt+H)',
      'Tout afficher (unhide)',
      'Quitter Entente (quit, Command+Q)',
    ]);
  });

  it('uses macOS shortcuts and window commands', () => {
    expect(describeMenu(template[1])).toEqual(['Fermer la fenêtre (close, CmdOrCtrl+W)']);
    expect(describeMenu(template[2])[1]).toBe('Rétablir (redo, Shift+Command+Z)');
    expect(describeMenu(template[3])[3]).toBe('Plein écran (togglefullscreen, Control+Command+F)');
    expect(describeMenu(template[4])).toEqual([
      'Réduire (minimize, CmdOrCtrl+M)',
      'Agrandir (zoom)',
      'Tout ramener au premier plan (front)',
    ]);
    expect(template[5]?.role).toBe('help');
  });
});

describe('every platform', () => {
  it.each([LINUX, MAC, { ...LINUX, platform: 'win32', development: true }])(
    '$platform: no English label, no duplicate accelerator',
    (options) => {
      const items = allItems(buildApplicationMenu(options)).filter((i) => i.type !== 'separator');
      for (const item of items) {
        expect(item.label, JSON.stringify(item)).toBeTruthy();
        expect(item.label).not.toMatch(/^(File|Edit|View|Window|Help|Quit|Undo|Redo|Copy)\b/);
      }
      const accelerators = items.flatMap((item) => (item.accelerator ? [item.accelerator] : []));
      expect(new Set(accelerators).size).toBe(accelerators.length);
    },
  );
});
