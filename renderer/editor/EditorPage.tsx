/**
 * The editor screen: opens a document of the workspace, shows its title and save state, and
 * hosts the editor. Releases the document when left.
 */
import { useEffect, useState } from 'react';
import { readMeta, type DocMeta } from '../../shared/schema/doc-schema.js';
import type { LocalWorkspace } from '../documents/local-workspace.js';
import type { PersistedDoc, SaveState } from '../documents/persisted-doc.js';
import { useI18n } from '../i18n/i18n-context.js';
import { DocumentEditor } from './DocumentEditor.js';

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
  /** Open read-only (reviewer and observer roles). */
  readonly readOnly: boolean;
}

type Loaded =
  | { readonly state: 'loading' }
  | { readonly state: 'missing' }
  | { readonly state: 'ready'; readonly handle: PersistedDoc };

/** The editor screen. */
export function EditorPage({ workspace, id, readOnly }: EditorPageProps) {
  const { t } = useI18n();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [meta, setMeta] = useState<DocMeta | null>(null);
  const [saveState, setSaveState] = useState<SaveState>('saved');

  useEffect(() => {
    if (!workspace.list().some((entry) => entry.id === id)) {
      setLoaded({ state: 'missing' });
      return;
    }
    let live = true;
    setLoaded({ state: 'loading' });
    void workspace.acquire(id).then((handle) => {
      if (live) setLoaded({ state: 'ready', handle });
    });
    return () => {
      live = false;
      workspace.release(id);
    };
  }, [workspace, id]);

  const handle = loaded.state === 'ready' ? loaded.handle : null;
  useEffect(() => {
    if (handle === null) return;
    const metaMap = handle.doc.getMap('meta');
    const readTitle = (): void => setMeta(readMeta(handle.doc).meta);
    readTitle();
    metaMap.observe(readTitle);
    setSaveState(handle.saveState());
    const stopSave = handle.onSaveState(setSaveState);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onUpdate = (): void => {
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
  }, [handle, workspace, id]);

  useEffect(() => {
    if (meta !== null) document.title = `${meta.title} — ${t('app.name')}`;
  }, [meta, t]);

  return (
    <main id="main" className="page editor-page" tabIndex={-1}>
      <p>
        <a href="#/">{t('editor.back')}</a>
      </p>
      {loaded.state === 'missing' ? <p role="alert">{t('editor.notFound')}</p> : null}
      {loaded.state === 'loading' ? <p role="status">{t('editor.loading')}</p> : null}
      {handle !== null && meta !== null ? (
        <>
          <div className="editor-header">
            <h1>{meta.title}</h1>
            <p className={`save-state save-${saveState}`} role="status" data-save-state={saveState}>
              {t(`save.${saveState}`)}
            </p>
          </div>
          <DocumentEditor
            doc={handle.doc}
            title={meta.title}
            numbered={NUMBERED_KINDS.has(meta.kind)}
            readOnly={readOnly}
          />
        </>
      ) : null}
    </main>
  );
}
