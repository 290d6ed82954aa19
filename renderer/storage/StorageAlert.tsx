/**
 * The storage warnings, under the header on every screen: a write that fails (with how many
 * changes wait in memory, and not to close the app), or space running out before anything fails.
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { languageTag } from '../i18n/translator.js';
import type { StorageWatch, StorageWatchState } from './storage-watch.js';

/** `bytes` as "256 Mo" / "1,5 Go" in `tag`. */
export function formatBytes(bytes: number, tag: string): string {
  const giga = bytes >= 1024 ** 3;
  return new Intl.NumberFormat(tag, {
    style: 'unit',
    unit: giga ? 'gigabyte' : 'megabyte',
    maximumFractionDigits: giga ? 1 : 0,
  }).format(bytes / 1024 ** (giga ? 3 : 2));
}

/** The watch's state as React state. */
function useWatchState(watch: StorageWatch): StorageWatchState {
  const [state, setState] = useState(() => watch.state);
  useEffect(() => {
    const update = (): void => setState(watch.state);
    update();
    return watch.subscribe(update);
  }, [watch]);
  return state;
}

/** The alert, or nothing while storage is healthy. */
export function StorageAlert({ watch }: { readonly watch: StorageWatch }) {
  const { t, locale } = useI18n();
  const { space, failure, unsaved } = useWatchState(watch);
  const tag = languageTag(locale);
  if (failure !== null || unsaved > 0) {
    const reason = failure?.reason ?? 'failed';
    const held =
      unsaved === 0
        ? ''
        : t(unsaved === 1 ? 'storage.held.one' : 'storage.held.other', { count: unsaved });
    return (
      <p className="error banner" role="alert" data-storage-problem={reason}>
        {t(`storage.failure.${reason}`, { detail: failure?.detail ?? '' })} {held}
        {reason === 'lost' ? '' : ` ${t('storage.keepOpen')}`}
      </p>
    );
  }
  if (space?.lowSpace === true) {
    return (
      <p className="warning banner" role="alert" data-storage-problem="low-space">
        {space.availableBytes === null
          ? t('storage.lowSpace.unknown')
          : t('storage.lowSpace', { available: formatBytes(space.availableBytes, tag) })}
      </p>
    );
  }
  return null;
}
