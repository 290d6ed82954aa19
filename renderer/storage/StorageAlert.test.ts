/**
 * What the storage alert says, rendered by React in real Chromium. Space is reported through the
 * watch's `checkSpace` (the platform boundary: Chromium's `estimate()` cannot be made to report a
 * small disk, see storage-watch.test.ts); write outcomes go through the watch's own reporting,
 * as `WatchedDocStore` does.
 */
import { createElement } from 'react';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { DexieDocStoreError } from './dexie-doc-store-errors.js';
import { I18nProvider } from '../i18n/i18n-context.js';
import { formatBytes, StorageAlert } from './StorageAlert.js';
import { StorageWatch, type SpaceReport } from './storage-watch.js';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

describe('StorageAlert', () => {
  let root: Root | null = null;
  let container: HTMLElement | null = null;

  afterEach(() => {
    act(() => root?.unmount());
    container?.remove();
    root = null;
    container = null;
  });

  async function show(space: SpaceReport) {
    const watch = new StorageWatch({ checkSpace: async () => space });
    container = document.createElement('div');
    document.body.append(container);
    // French, the default: nothing stored.
    const storage = window.sessionStorage;
    storage.clear();
    root = createRoot(container);
    await act(async () => {
      root!.render(
        createElement(I18nProvider, {
          storage,
          root: document.documentElement,
          children: createElement(StorageAlert, { watch }),
        }),
      );
      await watch.checkSpace();
    });
    return watch;
  }

  const alert = () => container!.querySelector('[role="alert"]');

  it('says nothing while storage is healthy', async () => {
    await show({ lowSpace: false, availableBytes: 40 * 1024 ** 3 });
    expect(alert()).toBeNull();
  });

  it('warns before anything fails when space runs out, with what is left', async () => {
    await show({ lowSpace: true, availableBytes: 200 * 1024 ** 2 });
    expect(alert()?.getAttribute('data-storage-problem')).toBe('low-space');
    expect(alert()?.textContent).toBe(
      'Il ne reste que 200\u202fMo pour vos documents sur cet ordinateur. Libérez de l’espace disque avant qu’un enregistrement n’échoue.',
    );
  });

  it('explains a failing write, counts what is held and says not to close, until it clears', async () => {
    const watch = await show({ lowSpace: false, availableBytes: null });
    const entries = [1, 2].map((b) => ({ room: 'W/charte', data: Uint8Array.of(b) }));
    const full = new DexieDocStoreError('quota', 'entente-profile-local', 'storage is full');
    await act(async () => watch.failed(full, entries));
    expect(alert()?.getAttribute('data-storage-problem')).toBe('quota');
    expect(alert()?.textContent).toContain('l’espace disque est épuisé');
    expect(alert()?.textContent).toContain('2\u00a0modifications sont gardées en mémoire');
    expect(alert()?.textContent).toContain('Ne fermez pas l’application');
    await act(async () => watch.succeeded(['W/charte']));
    expect(alert()).toBeNull();
  });

  it('formats sizes in the reader’s language (French units after a narrow no-break space)', () => {
    expect(formatBytes(256 * 1024 ** 2, 'fr-FR')).toBe('256\u202fMo');
    expect(formatBytes(1.5 * 1024 ** 3, 'fr-FR')).toBe('1,5\u202fGo');
    expect(formatBytes(1.5 * 1024 ** 3, 'en-GB')).toBe('1.5 GB');
  });
});
