/** The application shell: skip link, header with the language switch, and the current screen. */
import { useEffect, useState } from 'react';
import type { EntenteBridge } from '../../shared/ipc/contract.js';
import type { LocalWorkspace } from '../documents/local-workspace.js';
import { EditorPage } from '../editor/EditorPage.js';
import { HomePage } from '../home/HomePage.js';
import { useI18n } from '../i18n/i18n-context.js';
import { parseRoute, routeHash, type Route } from './route.js';

/** Props of {@link App}. */
export interface AppProps {
  /** The desktop or web bridge. */
  readonly bridge: EntenteBridge;
  /** The local workspace. */
  readonly workspace: LocalWorkspace;
}

/** The whole UI. */
export function App({ bridge, workspace }: AppProps) {
  const { t, locale, setLocale } = useI18n();
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));

  useEffect(() => {
    const onHash = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    // entente://document/<workspace>/<id> links open local documents; other workspaces and join
    // links need the relay, which a later step wires.
    const open = (target: Awaited<ReturnType<EntenteBridge['links']['takePendingLink']>>): void => {
      if (target?.kind === 'document' && target.workspace === workspace.id) {
        window.location.hash = routeHash({ screen: 'document', id: target.document });
      }
    };
    const stop = bridge.links.onOpenLink(open);
    void bridge.links.takePendingLink().then(open);
    return stop;
  }, [bridge, workspace]);

  useEffect(() => {
    // A new screen is announced by moving focus to it, as a page load would.
    document.getElementById('main')?.focus();
  }, [route]);

  const other = locale === 'fr' ? 'en' : 'fr';
  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <a href="#/" className="app-name">
          {t('app.name')}
        </a>
        <button
          type="button"
          lang={other}
          aria-label={t('app.switchLanguageLabel')}
          onClick={() => setLocale(other)}
        >
          {t('app.switchLanguage')}
        </button>
      </header>
      {route.screen === 'document' ? (
        <EditorPage key={route.id} workspace={workspace} id={route.id} readOnly={false} />
      ) : (
        <HomePage
          workspace={workspace}
          onOpen={(id) => {
            window.location.hash = routeHash({ screen: 'document', id });
          }}
        />
      )}
    </>
  );
}
