/**
 * The sidebar of every screen: "Mon espace" and each committee joined (its display name and
 * sync state), each with its documents by kind in a tree that folds, and the documents opened
 * last ("Récents"). From 64rem it is a column beside the page; below, a drawer that "Menu"
 * opens over the page (`styles/sidebar.css`): Escape, a click beside it, choosing a page or
 * tabbing out of it closes it, and focus goes back to "Menu" when it was there.
 *
 * Titles and names come from each workspace's index as it changes (`use-workspace-views.ts`,
 * one read per change for the whole sidebar); nothing here writes anything.
 */
import { ChevronDown, ChevronRight, Clock, FileText, X } from 'lucide-react';
import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type FocusEvent,
} from 'react';
import { DOCUMENT_KINDS } from '../../shared/schema/doc-schema.js';
import { useSyncSnapshot } from '../committee/SyncStatus.js';
import { committeeLabel } from '../committee/use-committee-name.js';
import type { DocumentSummary, LocalWorkspace } from '../documents/local-workspace.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { SyncSource } from '../sync/combined-sync.js';
import type { RecentDocuments } from './recent-documents.js';
import { routeHash, type Route } from './route.js';
import { useWorkspaceViews } from './use-workspace-views.js';
import type { Committee } from './workspaces.js';

/** Props of {@link Sidebar}. */
export interface SidebarProps {
  /** "Mon espace". */
  readonly local: LocalWorkspace;
  /** The committees joined. */
  readonly committees: readonly Committee[];
  /** The current route: its workspace and document are marked current. */
  readonly route: Route;
  /** The documents opened last. */
  readonly recent: RecentDocuments;
  /** Whether the drawer is open (narrow windows only; the column ignores it). */
  readonly open: boolean;
  /** Closes the drawer; `refocus` gives focus back to "Menu". */
  readonly onClose: (refocus: boolean) => void;
}

/** The connection state and pending count of a committee, short enough for a sidebar row. */
function SyncBadge({ sync }: { readonly sync: SyncSource }) {
  const { t } = useI18n();
  const { status, unconfirmed } = useSyncSnapshot(sync);
  return (
    <span className={`badge sync-badge sync-${status}`} data-sidebar-sync={status}>
      {t(`sync.${status}`)}
      {unconfirmed === 0
        ? null
        : ` · ${t(unconfirmed === 1 ? 'sidebar.pending.one' : 'sidebar.pending.other', { count: unconfirmed })}`}
    </span>
  );
}

interface WorkspaceTreeProps {
  readonly workspace: LocalWorkspace;
  readonly label: string;
  readonly documents: readonly DocumentSummary[];
  readonly sync: SyncSource | null;
  readonly route: Route;
}

/** One workspace: its link, its state, and its documents by kind behind a toggle. */
function WorkspaceTree({ workspace, label, documents, sync, route }: WorkspaceTreeProps) {
  const { t } = useI18n();
  const id = useId();
  const current = route.workspace === workspace.id;
  const [expanded, setExpanded] = useState(current);
  useEffect(() => {
    if (current) setExpanded(true);
  }, [current]);
  const toggle = t(expanded ? 'sidebar.hideDocuments' : 'sidebar.showDocuments', { name: label });
  return (
    <li className="sidebar-workspace">
      <div className="sidebar-row">
        <button
          type="button"
          className="icon-button sidebar-toggle"
          aria-expanded={expanded}
          aria-controls={`${id}-documents`}
          aria-label={toggle}
          title={toggle}
          onClick={() => setExpanded((open) => !open)}
        >
          {expanded ? (
            <ChevronDown aria-hidden="true" size={16} />
          ) : (
            <ChevronRight aria-hidden="true" size={16} />
          )}
        </button>
        <span className="sidebar-workspace-text">
          <a
            href={routeHash({ screen: 'home', workspace: workspace.id })}
            aria-current={current && route.screen === 'home' ? 'page' : undefined}
            className="sidebar-workspace-link"
          >
            {label}
          </a>
          {sync === null ? null : <SyncBadge sync={sync} />}
        </span>
      </div>
      <div id={`${id}-documents`} hidden={!expanded}>
        {documents.length === 0 ? (
          <p className="sidebar-empty muted">{t('home.emptyGroup')}</p>
        ) : (
          DOCUMENT_KINDS.map((kind) => {
            const group = documents.filter((entry) => entry.kind === kind);
            if (group.length === 0) return null;
            return (
              <div
                key={kind}
                role="group"
                aria-labelledby={`${id}-${kind}`}
                className="sidebar-kind"
              >
                <span id={`${id}-${kind}`} className="sidebar-kind-label">
                  {t(`kind.${kind}`)}
                </span>
                <ul>
                  {group.map((entry) => (
                    <li key={entry.id}>
                      <a
                        href={routeHash({
                          screen: 'document',
                          workspace: workspace.id,
                          id: entry.id,
                        })}
                        aria-current={
                          current && route.screen === 'document' && route.id === entry.id
                            ? 'page'
                            : undefined
                        }
                        lang="fr"
                      >
                        <FileText aria-hidden="true" size={14} />
                        <span>{entry.title}</span>
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })
        )}
      </div>
    </li>
  );
}

/** One recent document: its title and where it lives. */
function RecentRow({ href, title, place }: { href: string; title: string; place: string }) {
  return (
    <li>
      <a href={href}>
        <span lang="fr">{title}</span>
        <span className="sidebar-recent-place">{place}</span>
      </a>
    </li>
  );
}

/** The sidebar. */
export function Sidebar({ local, committees, route, recent, open, onClose }: SidebarProps) {
  const { t } = useI18n();
  const id = useId();
  const nav = useRef<HTMLElement>(null);
  const recentList = useSyncExternalStore(
    (listener) => recent.subscribe(listener),
    () => recent.list,
  );
  useEffect(() => {
    const onStorage = (): void => recent.reload();
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [recent]);
  useEffect(() => {
    // The drawer takes focus when it opens, so the keyboard is where the eyes are.
    if (open) nav.current?.querySelector<HTMLElement>('a, button')?.focus();
  }, [open]);

  const onBlur = (event: FocusEvent<HTMLElement>): void => {
    const next = event.relatedTarget;
    if (!open || next === null || nav.current?.contains(next as Node) === true) return;
    if ((next as HTMLElement).closest('.menu-button') !== null) return;
    onClose(false);
  };

  // One read of each workspace per change of its index, shared by its tree and its recent rows.
  const workspaces = useMemo(
    () => [local, ...committees.map((c) => c.workspace)],
    [local, committees],
  );
  const views = useWorkspaceViews(workspaces);
  const labelOf = (workspace: LocalWorkspace): string =>
    workspace === local
      ? t('home.title')
      : committeeLabel(t, workspace.id, views.get(workspace.id)?.name ?? null);

  // Only documents still there: one deleted, archived or of a committee left drops out.
  const recentRows = recentList.flatMap((entry) => {
    const workspace = workspaces.find((w) => w.id === entry.workspace);
    const document = views.get(entry.workspace)?.documents.find((d) => d.id === entry.id);
    if (workspace === undefined || document === undefined) return [];
    return [
      <RecentRow
        key={`${entry.workspace}/${entry.id}`}
        href={routeHash({ screen: 'document', workspace: workspace.id, id: entry.id })}
        title={document.title}
        place={labelOf(workspace)}
      />,
    ];
  });

  return (
    <>
      {open ? (
        <div className="sidebar-backdrop" aria-hidden="true" onClick={() => onClose(false)} />
      ) : null}
      <nav
        ref={nav}
        id="workspace-nav"
        className="sidebar"
        aria-label={t('workspaces.nav')}
        data-open={open}
        onBlur={onBlur}
        onKeyDown={(event) => {
          if (event.key !== 'Escape' || !open) return;
          event.preventDefault();
          onClose(true);
        }}
      >
        <button
          type="button"
          className="sidebar-close"
          aria-label={t('sidebar.close')}
          title={t('sidebar.close')}
          onClick={() => onClose(true)}
        >
          <X aria-hidden="true" size={18} />
          {t('sidebar.closeShort')}
        </button>
        <ul className="sidebar-workspaces">
          {workspaces.map((workspace) => (
            <WorkspaceTree
              key={workspace.id}
              workspace={workspace}
              label={labelOf(workspace)}
              documents={views.get(workspace.id)?.documents ?? []}
              sync={committees.find((c) => c.workspace === workspace)?.sync ?? null}
              route={route}
            />
          ))}
        </ul>
        {recentRows.length === 0 ? null : (
          <section className="sidebar-recent" aria-labelledby={`${id}-recent`}>
            <h2 id={`${id}-recent`}>
              <Clock aria-hidden="true" size={16} />
              {t('sidebar.recent')}
            </h2>
            <ul>{recentRows}</ul>
          </section>
        )}
      </nav>
    </>
  );
}
