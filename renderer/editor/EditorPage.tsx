/**
 * The editor screen: opens a document of the workspace, shows its title, its save state and —
 * in a committee — its own state on the server (`DocumentSyncState`), and hosts the editor.
 * Releases the document when left. A member whose role cannot write the text reads it through
 * a view copy (`use-reader-view.ts`): their editor never writes into the synced document, and
 * the page says when part of it cannot be shown. A document the relay refuses on its own is
 * explained here (`RoomRefusalNotice`).
 *
 * Presence is published only while this page shows the document (`RoomSync.showPresence`,
 * asked before the editor exists, so that its caret has a state to write into): the same room
 * kept in the background afterwards says nothing.
 */
import { startTransition, useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { readMeta, type DocMeta } from '../../shared/schema/doc-schema.js';
import type { Committee } from '../app/workspaces.js';
import { canEditContent, canEditIndex } from '../committee/membership.js';
import { PresenceList } from '../committee/PresenceList.js';
import { useCommitteeName } from '../committee/use-committee-name.js';
import type { LocalWorkspace } from '../documents/local-workspace.js';
import type { PersistedDoc, SaveState } from '../documents/persisted-doc.js';
import { useI18n } from '../i18n/i18n-context.js';
import { DocumentEditor } from './DocumentEditor.js';
import { DocumentSyncState } from './DocumentSyncState.js';
import type { CaretOptions } from './extensions.js';
import { RoomRefusalNotice } from './RoomRefusalNotice.js';
import { useReaderView } from './use-reader-view.js';
import { useRoomState } from './use-room-state.js';

/** Kinds whose level-2 headings are numbered articles. */
const NUMBERED_KINDS: ReadonlySet<DocMeta['kind']> = new Set(['charte', 'convention']);

/** How long after the last keystroke the index records the change (one write per pause). */
const TOUCH_DELAY_MS = 2000;

/** Props of {@link EditorPage}. */
export interface EditorPageProps {
  /** The workspace holding the document. */
  readonly workspace: LocalWorkspace;
  /** Document id. */
  readonly id: string;
  /** The committee the workspace belongs to, or null for "Mon espace". */
  readonly committee: Committee | null;
  /** Where the back link leads. */
  readonly homeHref: string;
  /** Opens another document of the workspace (the minutes of an agenda). */
  readonly onOpen: (id: string) => void;
  /** Opens a link of the document outside the app (the shell's `openExternal`); keep it stable. */
  readonly openLink?: (href: string) => Promise<boolean>;
}

type Loaded =
  | { readonly state: 'loading' }
  | { readonly state: 'missing' }
  | { readonly state: 'ready'; readonly handle: PersistedDoc };

/** The editor screen. */
export function EditorPage({
  workspace,
  id,
  committee,
  homeHref,
  onOpen,
  openLink,
}: EditorPageProps) {
  const { t } = useI18n();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [meta, setMeta] = useState<DocMeta | null>(null);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [refused, setRefused] = useState(false);
  const [minutesFailed, setMinutesFailed] = useState(false);
  const membership = committee?.membership ?? null;
  const committeeName = useCommitteeName(committee);
  const isCommittee = committee !== null;

  useEffect(() => {
    // A committee document may be opened (from a link) before the index has synced.
    if (!isCommittee && !workspace.list().some((entry) => entry.id === id)) {
      setLoaded({ state: 'missing' });
      return;
    }
    let live = true;
    let hidePresence: (() => void) | undefined;
    setLoaded({ state: 'loading' });
    void workspace.acquire(id).then((handle) => {
      if (!live) return;
      hidePresence = handle.connection?.showPresence();
      setLoaded({ state: 'ready', handle });
    });
    return () => {
      live = false;
      hidePresence?.();
      workspace.release(id);
    };
  }, [workspace, id, isCommittee]);

  const handle = loaded.state === 'ready' ? loaded.handle : null;
  const connection = handle?.connection ?? null;
  const room = useRoomState(connection);
  // Role first (the token says reviewer/observer), then the relay's own word (permission denied).
  const reader = !canEditContent(membership);
  const readOnly = reader || refused;
  const readerView = useReaderView(handle?.doc ?? null, reader);
  const editorDoc =
    readerView.state === 'ready'
      ? readerView.doc
      : readerView.state === 'none'
        ? handle?.doc
        : null;

  useEffect(() => {
    if (connection === null) return;
    setRefused(connection.readOnly);
    return connection.onRefused(() => setRefused(connection.readOnly));
  }, [connection]);

  const carets = useMemo<CaretOptions | undefined>(
    () =>
      connection === null || membership === null
        ? undefined
        : {
            awareness: connection.awareness,
            user: { name: membership.claims.name, org: membership.claims.org },
          },
    [connection, membership],
  );
  const self = useMemo(
    () =>
      membership === null ? null : { name: membership.claims.name, org: membership.claims.org },
    [membership],
  );
  useEffect(() => {
    if (handle === null) return;
    const metaMap = handle.doc.getMap('meta');
    const readTitle = (): void => setMeta(readMeta(handle.doc).meta);
    readTitle();
    metaMap.observe(readTitle);
    setSaveState(handle.saveState());
    // "Enregistrement…" flips with every keystroke: render it after the keystroke is painted.
    const stopSave = handle.onSaveState((state) => startTransition(() => setSaveState(state)));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onUpdate = (
      _update: Uint8Array,
      _origin: unknown,
      _doc: Y.Doc,
      tr: Y.Transaction,
    ): void => {
      // Only our own edits date the document: others' arrive with their own index change, and
      // a read-only role must not write the index at all.
      if (!tr.local || readOnly) return;
      clearTimeout(timer);
      timer = setTimeout(() => workspace.touch(id), TOUCH_DELAY_MS);
    };
    handle.doc.on('update', onUpdate);
    return () => {
      metaMap.unobserve(readTitle);
      stopSave();
      handle.doc.off('update', onUpdate);
      clearTimeout(timer);
    };
  }, [handle, workspace, id, readOnly]);

  useEffect(() => {
    if (meta === null) return;
    const where = committeeName === null ? '' : ` — ${committeeName}`;
    document.title = `${meta.title}${where} — ${t('app.name')}`;
  }, [meta, committeeName, t]);

  return (
    <main id="main" className="page editor-page" tabIndex={-1}>
      <p>
        <a href={homeHref}>
          {committee === null
            ? t('editor.back')
            : committeeName === null
              ? t('committee.back', { workspace: committee.membership.claims.ws })
              : t('committee.backNamed', { name: committeeName })}
        </a>
      </p>
      {loaded.state === 'missing' ? <p role="alert">{t('editor.notFound')}</p> : null}
      {loaded.state === 'loading' ? <p role="status">{t('editor.loading')}</p> : null}
      {handle !== null && meta !== null ? (
        <>
          <div className="editor-header">
            <h1>{meta.title}</h1>
            <div className="editor-states">
              <p
                className={`save-state save-${saveState}`}
                role="status"
                data-save-state={saveState}
              >
                {t(`save.${saveState}`)}
              </p>
              {room !== null ? <DocumentSyncState room={room} /> : null}
            </div>
          </div>
          {room?.refusal != null && connection !== null ? (
            <RoomRefusalNotice
              refusal={room.refusal}
              unconfirmed={room.unconfirmed}
              onRetry={() => connection.reconnect()}
            />
          ) : null}
          {meta.kind === 'ordre-du-jour' && canEditIndex(membership) ? (
            <p>
              <button
                type="button"
                onClick={() => {
                  setMinutesFailed(false);
                  workspace.minutesFor(id).then(onOpen, () => setMinutesFailed(true));
                }}
              >
                {t('editor.minutes')}
              </button>
            </p>
          ) : null}
          {minutesFailed ? (
            <p className="error" role="alert">
              {t('editor.minutesFailed')}
            </p>
          ) : null}
          {refused ? (
            <p className="error" role="alert">
              {t('sync.refused')}
            </p>
          ) : null}
          {connection !== null && self !== null ? (
            <PresenceList awareness={connection.awareness} self={self} />
          ) : null}
          {readerView.state === 'ready' && readerView.unshown > 0 ? (
            <p role="status" className="notice" data-unshown-notice={readerView.unshown}>
              {t('editor.unshown.notice', { label: t('editor.unshown.placeholder') })}
            </p>
          ) : null}
          {editorDoc !== null && editorDoc !== undefined ? (
            <DocumentEditor
              doc={editorDoc}
              title={meta.title}
              numbered={NUMBERED_KINDS.has(meta.kind)}
              readOnly={readOnly}
              carets={carets}
              unshownLabel={reader ? t('editor.unshown.placeholder') : undefined}
              openLink={openLink}
            />
          ) : null}
        </>
      ) : null}
    </main>
  );
}
