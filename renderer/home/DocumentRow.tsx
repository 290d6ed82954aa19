/**
 * One document in the home list: link to open it, its offline state in a committee (available
 * offline, downloading, waiting, changes not on the server, refused…), rename form, archive or
 * restore. Memoised: a download refreshes the list's states per document, and only the rows
 * whose state changed render again.
 */
import { memo, useId, useState } from 'react';
import { normalizeTitle } from '../../shared/schema/doc-schema.js';
import type { DocumentSummary, LocalWorkspace } from '../documents/local-workspace.js';
import { useI18n } from '../i18n/i18n-context.js';
import { languageTag } from '../i18n/translator.js';
import type { DocumentOfflineState } from '../offline/document-state.js';
import { OfflineBadge } from '../offline/OfflineBadge.js';

/** Props of {@link DocumentRow}. */
export interface DocumentRowProps {
  /** The workspace the document belongs to. */
  readonly workspace: LocalWorkspace;
  /** The document. */
  readonly document: DocumentSummary;
  /** Text around the search match, when listed as a search result. */
  readonly excerpt?: string | null;
  /** The link opening the document. */
  readonly href: string;
  /** Offer rename and archive (false for roles that may not change the index). */
  readonly canEdit: boolean;
  /** Its offline copy's state (committee documents), or undefined. */
  readonly offlineState?: DocumentOfflineState;
}

/** Same state, field by field (a snapshot makes new objects for unchanged states). */
function sameState(a: DocumentOfflineState | undefined, b: DocumentOfflineState | undefined) {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.kind !== b.kind) return false;
  const left = a as unknown as Record<string, unknown>;
  const right = b as unknown as Record<string, unknown>;
  return Object.keys(left).every((key) => Object.is(left[key], right[key]));
}

function sameRow(a: DocumentRowProps, b: DocumentRowProps): boolean {
  return (
    a.workspace === b.workspace &&
    a.href === b.href &&
    a.canEdit === b.canEdit &&
    a.excerpt === b.excerpt &&
    a.document.id === b.document.id &&
    a.document.title === b.document.title &&
    a.document.updatedAt === b.document.updatedAt &&
    a.document.archived === b.document.archived &&
    a.document.kind === b.document.kind &&
    sameState(a.offlineState, b.offlineState)
  );
}

/** A document row. */
export const DocumentRow = memo(function DocumentRow({
  workspace,
  document: entry,
  excerpt,
  href,
  canEdit,
  offlineState,
}: DocumentRowProps) {
  const { t, locale } = useI18n();
  const id = useId();
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(entry.title);
  const [error, setError] = useState(false);
  const date = new Intl.DateTimeFormat(languageTag(locale), {
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(entry.updatedAt);

  if (renaming) {
    return (
      <li className="document-row">
        <form
          className="rename-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (normalizeTitle(title).length === 0) {
              setError(true);
              return;
            }
            void workspace.rename(entry.id, title).then(() => setRenaming(false));
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setRenaming(false);
          }}
        >
          <label htmlFor={`${id}-title`}>{t('doc.newTitle')}</label>
          <input
            id={`${id}-title`}
            value={title}
            autoFocus
            required
            aria-invalid={error}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(event) => {
              setTitle(event.target.value);
              setError(false);
            }}
          />
          <button type="submit">{t('doc.save')}</button>
          <button type="button" onClick={() => setRenaming(false)}>
            {t('doc.cancel')}
          </button>
          {error ? (
            <p id={`${id}-error`} className="error" role="alert">
              {t('doc.titleRequired')}
            </p>
          ) : null}
        </form>
      </li>
    );
  }

  return (
    <li
      className="document-row"
      data-document-id={entry.id}
      data-updated-at={entry.updatedAt}
      data-offline-state={offlineState?.kind}
    >
      <div className="document-main">
        {/* lang="fr": titles are French text whatever the interface language. */}
        <a href={href} className="document-title" lang="fr">
          {entry.title}
        </a>
        <span className="document-date">{t('doc.updated', { date })}</span>
        {entry.archived ? <span className="badge">{t('doc.archived')}</span> : null}
        {offlineState === undefined ? null : <OfflineBadge state={offlineState} />}
        {excerpt ? (
          <p className="excerpt" lang="fr">
            {excerpt}
          </p>
        ) : null}
      </div>
      {canEdit ? (
        <div className="document-actions">
          <button
            type="button"
            aria-label={t('doc.renameLabel', { title: entry.title })}
            onClick={() => {
              setTitle(entry.title);
              setRenaming(true);
            }}
          >
            {t('doc.rename')}
          </button>
          <button
            type="button"
            aria-label={t(entry.archived ? 'doc.unarchiveLabel' : 'doc.archiveLabel', {
              title: entry.title,
            })}
            onClick={() => void workspace.setArchived(entry.id, !entry.archived)}
          >
            {t(entry.archived ? 'doc.unarchive' : 'doc.archive')}
          </button>
        </div>
      ) : null}
    </li>
  );
}, sameRow);
