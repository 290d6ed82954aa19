/**
 * French strings of the desktop shell (menus and native dialogs). The UI's own strings live in
 * `renderer/i18n/`; these are the few the main process shows itself, because the renderer
 * cannot be trusted to word a security question (a relay change) or may be gone (quitting).
 *
 * Typography: typographic apostrophe (’), non-breaking space before `?` and `:` (U+202F, the
 * narrow one, as the Imprimerie nationale recommends), « » quotes.
 */

const NNBSP = '\u202f';

/** Formats a count the French way (`12 345`). */
export function formatCount(count: number): string {
  return new Intl.NumberFormat('fr-FR').format(count);
}

/** Every French string of the shell. */
export const FR = Object.freeze({
  menu: {
    about: (appName: string) => `À propos d’${appName}`,
    services: 'Services',
    hide: (appName: string) => `Masquer ${appName}`,
    hideOthers: 'Masquer les autres',
    showAll: 'Tout afficher',
    quit: (appName: string) => `Quitter ${appName}`,
    file: 'Fichier',
    closeWindow: 'Fermer la fenêtre',
    edit: 'Édition',
    undo: 'Annuler',
    redo: 'Rétablir',
    cut: 'Couper',
    copy: 'Copier',
    paste: 'Coller',
    pasteAndMatchStyle: 'Coller sans la mise en forme',
    delete: 'Supprimer',
    selectAll: 'Tout sélectionner',
    view: 'Affichage',
    zoomIn: 'Zoom avant',
    zoomOut: 'Zoom arrière',
    resetZoom: 'Taille réelle',
    fullScreen: 'Plein écran',
    reload: 'Recharger',
    devTools: 'Outils de développement',
    window: 'Fenêtre',
    minimize: 'Réduire',
    zoom: 'Agrandir',
    front: 'Tout ramener au premier plan',
    help: 'Aide',
  },
  quit: {
    title: 'Modifications non synchronisées',
    message: (count: number) =>
      count === 1
        ? '1 modification n’a pas encore été envoyée au relais.'
        : `${formatCount(count)} modifications n’ont pas encore été envoyées au relais.`,
    detail:
      'Elles restent enregistrées sur cet ordinateur et partiront à la prochaine ouverture ' +
      'd’Entente avec une connexion. D’ici là, les autres membres du comité ne les verront pas.',
    quitAnyway: 'Quitter quand même',
    cancel: 'Annuler',
  },
  relay: {
    title: 'Changer de relais de synchronisation',
    message: (host: string) => `Se connecter au relais « ${host} »${NNBSP}?`,
    detail:
      'Vos documents seront synchronisés par ce serveur. Ne confirmez que si vous faites ' +
      'confiance à l’organisation qui vous a donné ce lien ou cette adresse.',
    confirm: 'Se connecter',
    cancel: 'Annuler',
  },
  settingsReset: {
    title: 'Préférences réinitialisées',
    message: `Le fichier des préférences était endommagé${NNBSP}: Entente repart des réglages par défaut.`,
    detail: (backupPath: string) =>
      `Une copie du fichier endommagé a été gardée${NNBSP}: ${backupPath}`,
  },
});
