/**
 * Sets or removes the link on the selection. A form rather than `window.prompt`, which Electron
 * does not implement and which cannot be styled for focus or errors.
 */
import type { Editor } from '@tiptap/core';
import { useId, useState } from 'react';
import { isSafeLinkHref } from '../../shared/schema/link-href.js';
import { useI18n } from '../i18n/i18n-context.js';

/** The link form; `onDone` closes it. */
export function LinkForm(props: { readonly editor: Editor; readonly onDone: () => void }) {
  const { editor, onDone } = props;
  const { t } = useI18n();
  const id = useId();
  const [url, setUrl] = useState(() => String(editor.getAttributes('link').href ?? ''));
  const [invalid, setInvalid] = useState(false);
  const close = (): void => {
    onDone();
    editor.commands.focus();
  };
  return (
    <form
      className="link-form"
      onSubmit={(event) => {
        event.preventDefault();
        // The document's own rule (`link-href.ts`): what renders as a link is what may be set.
        if (!isSafeLinkHref(url.trim())) {
          setInvalid(true);
          return;
        }
        editor.chain().focus().extendMarkRange('link').setLink({ href: url.trim() }).run();
        onDone();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
    >
      <label htmlFor={`${id}-url`}>{t('editor.linkUrl')}</label>
      <input
        id={`${id}-url`}
        type="url"
        value={url}
        autoFocus
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
        onChange={(event) => {
          setUrl(event.target.value);
          setInvalid(false);
        }}
      />
      <button type="submit">{t('editor.linkApply')}</button>
      <button
        type="button"
        onClick={() => {
          editor.chain().focus().extendMarkRange('link').unsetLink().run();
          onDone();
        }}
      >
        {t('editor.linkRemove')}
      </button>
      <button type="button" onClick={close}>
        {t('doc.cancel')}
      </button>
      {invalid ? (
        <p id={`${id}-error`} className="error" role="alert">
          {t('editor.linkInvalid')}
        </p>
      ) : null}
    </form>
  );
}
