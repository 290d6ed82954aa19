/**
 * The application shell: skip link, header (`AppHeader`), the keyboard shortcuts (`?`), and the
 * current screen. Handles `entente://` links: join a committee, open a document.
 * An invitation for a committee already joined never replaces the current one silently: the
 * member compares both and the relay checks the new one first (`InvitationSwitch`).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EntenteBridge, OpenLinkTarget } from '../../shared/ipc/contract.js';
import {
  membershipOf,
  type JoinError,
  type JoinRefusal,
  type Membership,
} from '../committee/membership.js';
import { AccessAlert } from '../committee/AccessAlert.js';
import { InvitationSwitch } from '../committee/InvitationSwitch.js';
import { LOCAL_WORKSPACE_ID } from '../documents/local-workspace.js';
import { EditorPage } from '../editor/EditorPage.js';
import { HomePage } from '../home/HomePage.js';
import { useI18n } from '../i18n/i18n-context.js';
import { StorageAlert } from '../storage/StorageAlert.js';
import { combineSyncs } from '../sync/combined-sync.js';
import type { StorageWatch } from '../storage/storage-watch.js';
import { AppHeader } from './AppHeader.js';
import type { RecentDocuments } from './recent-documents.js';
import { Sidebar } from './Sidebar.js';
import { parseRoute, routeHash, type Route } from './route.js';
import { ShortcutsDialog, typesText } from './ShortcutsDialog.js';
import type { Workspaces } from './workspaces.js';

/** Props of {@link App}. */
export interface AppProps {
  /** The desktop or web bridge. */
  readonly bridge: EntenteBridge;
  /** "Mon espace" and the joined committees. */
  readonly workspaces: Workspaces;
  /** Failing writes and free space of local storage. */
  readonly storageWatch: StorageWatch;
  /** The documents opened last, for the sidebar. */
  readonly recent: RecentDocuments;
}

/** The whole UI. */
export function App({ bridge, workspaces, storageWatch, recent }: AppProps) {
  const { t } = useI18n();
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  const [committees, setCommittees] = useState(() => workspaces.committees());
  // Why the last join link could not be followed, shown until the next one.
  const [linkProblem, setLinkProblem] = useState<JoinError | JoinRefusal | null>(null);
  // A new invitation for a committee already joined, waiting for the member's decision.
  const [pendingSwitch, setPendingSwitch] = useState<{
    readonly current: Membership;
    readonly next: Membership;
  } | null>(null);
  // The workspace whose invitation was just replaced, said once under the header.
  const [switched, setSwitched] = useState<string | null>(null);

  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  // The sidebar as a drawer, on narrow windows; choosing a page closes it.
  const [drawerOpen, setDrawerOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  useEffect(() => setDrawerOpen(false), [route]);
  useEffect(() => {
    // `?` opens the shortcuts, except where it is typed (a field, the document's text).
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== '?' || event.ctrlKey || event.altKey || event.metaKey) return;
      if (typesText(event.target)) return;
      event.preventDefault();
      setShortcutsOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const onHash = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    // The shell warns before quitting (main) or leaving the page (web) while this is above 0:
    // changes the relay lacks, and changes held in memory because writing them failed.
    let last = -1;
    const report = (): void => {
      // Called on every count change, i.e. twice per keystroke: a new array each time would
      // re-render every screen before the keystroke could be painted.
      const next = workspaces.committees();
      setCommittees((before) =>
        before.length === next.length && before.every((c, i) => c === next[i]) ? before : next,
      );
      const total = workspaces.unconfirmed() + storageWatch.state.unsaved;
      if (total === last) return;
      last = total;
      void bridge.app.setUnsyncedCount(total);
    };
    report();
    const stops = [workspaces.subscribe(report), storageWatch.subscribe(report)];
    return () => stops.forEach((stop) => stop());
  }, [bridge, workspaces, storageWatch]);

  const join = useCallback(
    async (membership: Membership): Promise<JoinRefusal | null> => {
      const joined = workspaces.committee(membership.claims.ws);
      if (joined !== undefined && joined.membership.relay !== membership.relay) return 'conflict';
      setSwitched(null);
      if (joined !== undefined) {
        // The committee the link is about, behind the question if there is one to ask (the same
        // invitation again: nothing to ask).
        window.location.hash = routeHash({ screen: 'home', workspace: membership.claims.ws });
        if (joined.membership.token !== membership.token) {
          setPendingSwitch({ current: joined.membership, next: membership });
        }
        return null;
      }
      // The shell must allow the relay first (Electron asks the user and sets its CSP).
      const update = await bridge.settings.set({
        relayUrl: membership.relay,
        lastWorkspace: membership.claims.ws,
      });
      if (update.relayChange === 'declined') return 'declined';
      await workspaces.join(membership);
      window.location.hash = routeHash({ screen: 'home', workspace: membership.claims.ws });
      if (update.reloadRequired) window.location.reload();
      return null;
    },
    [bridge, workspaces],
  );

  useEffect(() => {
    let live = true;
    const open = (target: OpenLinkTarget | null): void => {
      if (target === null || !live) return;
      if (target.kind === 'join') {
        const checked = membershipOf(target.relay, target.token);
        if (!checked.ok) {
          setLinkProblem(checked.error);
          return;
        }
        join(checked.membership).then(setLinkProblem, () => setLinkProblem('declined'));
        return;
      }
      const known =
        target.workspace === LOCAL_WORKSPACE_ID ||
        workspaces.committee(target.workspace) !== undefined;
      if (!known) return;
      window.location.hash = routeHash(
        target.kind === 'document'
          ? { screen: 'document', workspace: target.workspace, id: target.document }
          : { screen: 'home', workspace: target.workspace },
      );
    };
    const stop = bridge.links.onOpenLink(open);
    void bridge.links.takePendingLink().then(open);
    return () => {
      live = false;
      stop();
    };
  }, [bridge, workspaces, join]);

  useEffect(() => {
    // A new screen is announced by moving focus to it, as a page load would.
    document.getElementById('main')?.focus();
    if (route.screen === 'document') recent.opened(route.workspace, route.id, Date.now());
  }, [route, recent]);

  // Stable: the editor is rebuilt when it changes.
  const openLink = useCallback((href: string) => bridge.app.openExternal(href), [bridge]);
  // Stable while the list is: the sync bar subscribes to it.
  const allCommittees = useMemo(() => combineSyncs(committees.map((c) => c.sync)), [committees]);
  const committee =
    route.workspace === LOCAL_WORKSPACE_ID
      ? null
      : (committees.find((c) => c.membership.claims.ws === route.workspace) ?? null);
  const workspace = committee?.workspace ?? workspaces.local;
  const homeHref = routeHash({ screen: 'home', workspace: workspace.id });
  const switchedName =
    switched === null ? null : (workspaces.committee(switched)?.workspace.displayName() ?? null);
  const openDocument = (id: string): void => {
    window.location.hash = routeHash({ screen: 'document', workspace: workspace.id, id });
  };
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
      <AppHeader
        committees={committees}
        committee={committee}
        allCommittees={allCommittees}
        menuOpen={drawerOpen}
        menuButton={menuButton}
        onMenu={() => setDrawerOpen((open) => !open)}
        onShortcuts={() => setShortcutsOpen(true)}
      />
      <div className="app-body">
        <Sidebar
          local={workspaces.local}
          committees={committees}
          route={route}
          recent={recent}
          open={drawerOpen}
          onClose={(refocus) => {
            setDrawerOpen(false);
            if (refocus) menuButton.current?.focus();
          }}
        />
        <div className="app-main">
          {shortcutsOpen ? <ShortcutsDialog onClose={() => setShortcutsOpen(false)} /> : null}
          <StorageAlert watch={storageWatch} />
          {committee !== null ? <AccessAlert committee={committee} /> : null}
          {pendingSwitch !== null ? (
            <InvitationSwitch
              key={pendingSwitch.next.token}
              current={pendingSwitch.current}
              next={pendingSwitch.next}
              committeeName={workspaces
                .committee(pendingSwitch.next.claims.ws)
                ?.workspace.displayName()}
              onSwitch={async (next) => {
                await workspaces.join(next);
              }}
              onClose={(done) => {
                const ws = pendingSwitch.next.claims.ws;
                setPendingSwitch(null);
                if (!done) return;
                setSwitched(ws);
                window.location.hash = routeHash({ screen: 'home', workspace: ws });
              }}
            />
          ) : null}
          {switched !== null ? (
            <p className="notice banner" role="status">
              {switchedName === null
                ? t('switch.switched', { workspace: switched })
                : t('switch.switchedNamed', { name: switchedName })}
            </p>
          ) : null}
          {linkProblem !== null ? (
            <p className="error banner" role="alert">
              {t(`join.error.${linkProblem}`)}
            </p>
          ) : null}
          {route.workspace !== LOCAL_WORKSPACE_ID && committee === null ? (
            <main id="main" className="page" tabIndex={-1}>
              <p role="alert">{t('editor.notFound')}</p>
            </main>
          ) : route.screen === 'document' ? (
            <EditorPage
              key={`${workspace.id}/${route.id}`}
              workspace={workspace}
              id={route.id}
              committee={committee}
              homeHref={homeHref}
              onOpen={openDocument}
              openLink={openLink}
            />
          ) : (
            <HomePage
              key={workspace.id}
              workspace={workspace}
              committee={committee}
              onJoin={join}
              onOpen={openDocument}
            />
          )}
        </div>
      </div>
    </>
  );
}
