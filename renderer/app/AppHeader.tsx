/**
 * The header of every screen: the app's name, the workspaces, the sync bar, the keyboard
 * shortcuts and the language switch. On a narrow window (below 48rem, see `styles/header.css`)
 * the workspaces fold behind a "Menu" button, a disclosure that opens them as a drawer under
 * the header, so the header keeps to one or two lines down to 360 px; it closes when a
 * workspace is chosen and with Escape, giving focus back to the button.
 */
import { Keyboard, Menu, X } from 'lucide-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { LocalOnlyStatus, SyncStatus } from '../committee/SyncStatus.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { SyncSource } from '../sync/combined-sync.js';
import { routeHash, type Route } from './route.js';
import type { Committee } from './workspaces.js';

/** Props of {@link AppHeader}. */
export interface AppHeaderProps {
  /** The committees joined. */
  readonly committees: readonly Committee[];
  /** The committee of the current screen, null on "Mon espace". */
  readonly committee: Committee | null;
  /** The sync of every committee together, for "Mon espace". */
  readonly allCommittees: SyncSource;
  /** The current route: the drawer closes when it changes. */
  readonly route: Route;
  /** Opens the keyboard shortcuts dialog. */
  readonly onShortcuts: () => void;
}

/** The header. */
export function AppHeader({
  committees,
  committee,
  allCommittees,
  route,
  onShortcuts,
}: AppHeaderProps) {
  const { t, locale, setLocale } = useI18n();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  useEffect(() => setMenuOpen(false), [route]);
  const other = locale === 'fr' ? 'en' : 'fr';

  const onNavKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key !== 'Escape' || !menuOpen) return;
    event.preventDefault();
    setMenuOpen(false);
    menuButton.current?.focus();
  };

  return (
    <header className="app-header">
      <a href="#/" className="app-name">
        {t('app.name')}
      </a>
      {committees.length > 0 ? (
        <>
          <button
            ref={menuButton}
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="workspace-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            {menuOpen ? <X aria-hidden="true" size={18} /> : <Menu aria-hidden="true" size={18} />}
            {t('app.menu')}
          </button>
          <nav
            id="workspace-nav"
            aria-label={t('workspaces.nav')}
            className="workspace-nav"
            data-open={menuOpen}
            onKeyDown={onNavKeyDown}
          >
            <ul>
              <li>
                <a href="#/" aria-current={committee === null ? 'page' : undefined}>
                  {t('home.title')}
                </a>
              </li>
              {committees.map((c) => (
                <li key={c.membership.claims.ws}>
                  <a
                    href={routeHash({ screen: 'home', workspace: c.membership.claims.ws })}
                    aria-current={c === committee ? 'page' : undefined}
                  >
                    {t('committee.title', { workspace: c.membership.claims.ws })}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </>
      ) : null}
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
