/**
 * The header of every screen: the app's name, "Menu" (below 64rem: it opens the sidebar as a
 * drawer, `app/Sidebar.tsx`), the sync bar, the keyboard shortcuts and the language switch.
 * Below 48rem (see `styles/header.css`) it keeps to two lines down to 360 px.
 */
import { Keyboard, Menu, X } from 'lucide-react';
import type { RefObject } from 'react';
import { LocalOnlyStatus, SyncStatus } from '../committee/SyncStatus.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { SyncSource } from '../sync/combined-sync.js';
import type { Committee } from './workspaces.js';

/** Props of {@link AppHeader}. */
export interface AppHeaderProps {
  /** The committees joined. */
  readonly committees: readonly Committee[];
  /** The committee of the current screen, null on "Mon espace". */
  readonly committee: Committee | null;
  /** The sync of every committee together, for "Mon espace". */
  readonly allCommittees: SyncSource;
  /** Whether the sidebar's drawer is open. */
  readonly menuOpen: boolean;
  /** The "Menu" button, for giving focus back when the drawer closes. */
  readonly menuButton: RefObject<HTMLButtonElement | null>;
  /** Opens or closes the drawer. */
  readonly onMenu: () => void;
  /** Opens the keyboard shortcuts dialog. */
  readonly onShortcuts: () => void;
}

/** The header. */
export function AppHeader({
  committees,
  committee,
  allCommittees,
  menuOpen,
  menuButton,
  onMenu,
  onShortcuts,
}: AppHeaderProps) {
  const { t, locale, setLocale } = useI18n();
  const other = locale === 'fr' ? 'en' : 'fr';

  return (
    <header className="app-header">
      <button
        ref={menuButton}
        type="button"
        className="menu-button"
        aria-expanded={menuOpen}
        aria-controls="workspace-nav"
        onClick={onMenu}
      >
        {menuOpen ? <X aria-hidden="true" size={18} /> : <Menu aria-hidden="true" size={18} />}
        {t('app.menu')}
      </button>
      <a href="#/" className="app-name">
        {t('app.name')}
      </a>
      {/* Keyed: a bar never shows, even for a frame, another workspace's state. */}
      {committee !== null ? (
        <SyncStatus
          key={committee.membership.claims.ws}
          sync={committee.sync}
          offline={committee.offline}
        />
      ) : committees.length > 0 ? (
        <SyncStatus key="" sync={allCommittees} scope={t('sync.allCommittees')} />
      ) : (
        <LocalOnlyStatus />
      )}
      <div className="header-actions">
        <button
          type="button"
          className="icon-button"
          aria-label={t('shortcuts.open')}
          title={`${t('shortcuts.open')} (?)`}
          aria-haspopup="dialog"
          data-action="shortcuts"
          onClick={onShortcuts}
        >
          <Keyboard aria-hidden="true" size={18} />
        </button>
        <button
          type="button"
          lang={other}
          aria-label={t('app.switchLanguageLabel')}
          onClick={() => setLocale(other)}
        >
          {t('app.switchLanguage')}
        </button>
      </div>
    </header>
  );
}
