/**
 * "Mon espace" or a committee's home: create a document from a template, find one (titles and
 * full text, locally), and the documents grouped by kind. For a committee, the offline copies
 * too: the download's progress, the budget (`OfflinePanel`) and each document's state.
 */
import { CommitteeNameForm } from '../committee/CommitteeNameForm.js';
import { committeeLabel, useCommitteeName } from '../committee/use-committee-name.js';
import { useEffect, useId, useState } from 'react';
import { DOCUMENT_KINDS, type DocumentKind } from '../../shared/schema/doc-schema.js';
import { routeHash } from '../app/route.js';
import type { Committee } from '../app/workspaces.js';
import { JoinForm } from '../committee/JoinForm.js';
import {
  canEditIndex,
  canEditProfile,
  type JoinRefusal,
  type Membership,
} from '../committee/membership.js';
import type { LocalWorkspace, SearchHit } from '../documents/local-workspace.js';
import { useI18n } from '../i18n/i18n-context.js';
import { OfflinePanel } from '../offline/OfflinePanel.js';
import { useOfflineSnapshot } from '../offline/use-offline-snapshot.js';
import { DocumentRow } from './DocumentRow.js';
import { useWorkspaceList } from './use-workspace-list.js';

/** Props of {@link HomePage}. */
export interface HomePageProps {
  /** The local workspace. */
  readonly workspace: LocalWorkspace;
  /** Opens a document (after creation). */
  readonly onOpen: (id: string) => void;
  /** The committee the workspace belongs to, or null for "Mon espace". */
  readonly committee: Committee | null;
  /** Joins a committee (offered on "Mon espace"); resolves to why not, or null once joined. */
  readonly onJoin: (membership: Membership) => Promise<JoinRefusal | null>;
}

/** The home screen. */
export function HomePage({ workspace, onOpen, committee, onJoin }: HomePageProps) {
  const { t } = useI18n();
  const id = useId();
  const list = useWorkspaceList(workspace);
  const offline = useOfflineSnapshot(committee?.offline ?? null);
  const [query, setQuery] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  const [hits, setHits] = useState<readonly SearchHit[] | null>(null);
  const [creating, setCreating] = useState(false);

  const claims = committee?.membership.claims ?? null;
  const displayName = useCommitteeName(committee);
  const heading = claims === null ? t('home.title') : committeeLabel(t, claims.ws, displayName);
  const mayRename = canEditProfile(committee?.membership ?? null);
  const canEdit = canEditIndex(committee?.membership ?? null);
  const href = (docId: string): string =>
    routeHash({ screen: 'document', workspace: workspace.id, id: docId });

  useEffect(() => {
    document.title = `${heading} — ${t('app.name')}`;
  }, [t, heading]);

  useEffect(() => {
    if (query.trim().length === 0) {
      setHits(null);
      return;
    }
    let live = true;
    // A short pause so each keystroke does not reread every document.
    const timer = setTimeout(() => {
      void workspace.search(query, showArchived).then((found) => {
        if (live) setHits(found);
      });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [workspace, query, showArchived, list]);

  const create = (kind: DocumentKind): void => {
    setCreating(true);
    void workspace
      .create(kind)
      .then(onOpen)
      .finally(() => setCreating(false));
  };
  const visible = list.filter((entry) => showArchived || !entry.archived);
  const byId = new Map(list.map((entry) => [entry.id, entry]));

  return (
    <main id="main" className="page home-page" tabIndex={-1}>
      <h1>{heading}</h1>
      {committee !== null && mayRename ? (
        <CommitteeNameForm workspace={workspace} name={displayName} />
      ) : null}
      <p>
        {claims === null
          ? t('home.intro')
          : t('committee.intro', {
              name: claims.name,
              org: claims.org,
              role: t(`role.${claims.role}`),
            })}
      </p>
      {committee !== null ? <OfflinePanel offline={committee.offline} /> : null}

      {canEdit ? (
        <section aria-labelledby={`${id}-create`}>
          <h2 id={`${id}-create`}>{t('home.create')}</h2>
          <ul className="create-list">
            {DOCUMENT_KINDS.map((kind) => (
              <li key={kind}>
                <button type="button" disabled={creating} onClick={() => create(kind)}>
                  {t(`home.createKind.${kind}`)}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p>{t('committee.readOnlyRole')}</p>
      )}

      <section aria-labelledby={`${id}-documents`}>
        <h2 id={`${id}-documents`}>{t('home.documents')}</h2>
        <div className="filters" role="search">
          <label htmlFor={`${id}-search`}>{t('home.search')}</label>
          <input
            id={`${id}-search`}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
          <label className="checkbox">
            <input
              type="checkbox"
              checked={showArchived}
              onChange={(event) => setShowArchived(event.target.checked)}
            />
            {t('home.showArchived')}
          </label>
        </div>

        {hits !== null ? (
          <>
            <p role="status" className="search-status">
              {hits.length === 0
                ? t('home.searchNone', { query: query.trim() })
                : t(hits.length === 1 ? 'home.searchResults.one' : 'home.searchResults.other', {
                    count: hits.length,
                  })}
            </p>
            <ul className="document-list search-results">
              {hits.map((hit) => {
                const entry = byId.get(hit.id);
                return entry === undefined ? null : (
                  <DocumentRow
                    key={hit.id}
                    workspace={workspace}
                    document={entry}
                    excerpt={hit.excerpt}
                    href={href(hit.id)}
                    canEdit={canEdit}
                    offlineState={offline?.documents.get(hit.id)}
                  />
                );
              })}
            </ul>
          </>
        ) : visible.length === 0 ? (
          <p>{t('home.empty')}</p>
        ) : (
          DOCUMENT_KINDS.map((kind) => {
            const group = visible.filter((entry) => entry.kind === kind);
            return (
              <section key={kind} aria-labelledby={`${id}-${kind}`} className="kind-group">
                <h3 id={`${id}-${kind}`}>{t(`kind.${kind}`)}</h3>
                {group.length === 0 ? (
                  <p className="muted">{t('home.emptyGroup')}</p>
                ) : (
                  <ul className="document-list">
                    {group.map((entry) => (
                      <DocumentRow
                        key={entry.id}
                        workspace={workspace}
                        document={entry}
                        href={href(entry.id)}
                        canEdit={canEdit}
                        offlineState={offline?.documents.get(entry.id)}
                      />
                    ))}
                  </ul>
                )}
              </section>
            );
          })
        )}
      </section>
      {committee === null ? <JoinForm onJoin={onJoin} /> : null}
    </main>
  );
}
