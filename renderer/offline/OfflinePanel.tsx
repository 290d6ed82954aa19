/**
 * "Disponible hors ligne" on a committee's home page. The first time, while the committee's
 * documents download: "12 / 48 documents disponibles hors ligne" in a polite status region,
 * with a progress bar; afterwards a quiet summary. Then what the copies take (measured from the
 * local store) against the member's budget, what the budget leaves out, and — in a disclosure —
 * the rule, the budget form and what Entente takes on this computer (`navigator.storage`).
 *
 * The status text is announced at most every {@link ANNOUNCE_MS}: a download changes it per
 * document, and a screen reader reading each count would drown everything else. The counts on
 * `data-offline-*` follow at once.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { languageTag } from '../i18n/translator.js';
import { BudgetForm } from './BudgetForm.js';
import type { CommitteeOffline } from './committee-offline.js';
import { formatBudget, formatSize } from './format-size.js';
import { offlinePhase } from './offline-snapshot.js';
import { useDeviceStorage } from './use-device-storage.js';
import { useOfflineSnapshot } from './use-offline-snapshot.js';

/** Shortest interval between two announcements of the progress. */
export const ANNOUNCE_MS = 1500;

/** `value`, changed at most every `intervalMs` — except at once when `urgent` says so. */
function useCalm<T>(value: T, intervalMs: number, urgent: boolean): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    const wait = urgent ? 0 : Math.max(0, last.current + intervalMs - Date.now());
    const timer = setTimeout(() => {
      last.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown, intervalMs, urgent]);
  return shown;
}

/** The panel of a committee's offline copies. */
export function OfflinePanel({ offline }: { readonly offline: CommitteeOffline }) {
  const { t, locale } = useI18n();
  const tag = languageTag(locale);
  const id = useId();
  const snapshot = useOfflineSnapshot(offline)!;
  const device = useDeviceStorage();
  const phase = offlinePhase(snapshot);
  const first = !snapshot.firstDownloadDone;
  const { ready, total } = snapshot;

  let text: string;
  if (phase === 'listing') text = t('offline.listing');
  else if (total === 0) text = t('offline.summary.zero');
  else if (phase === 'done' && !first && snapshot.overBudget === 0)
    text = t(total === 1 ? 'offline.summary.one' : 'offline.summary.other', { count: total });
  else if (phase === 'done' && !first) {
    // Said with the total the budget leaves out: "Les 2 documents de ce comité" would be false.
    const all = total + snapshot.overBudget;
    text = t(ready === 1 ? 'offline.summaryPart.one' : 'offline.summaryPart.other', { ready, all });
  } else {
    text = t(total === 1 ? 'offline.progress.one' : 'offline.progress.other', { ready, total });
    // One sentence each: the count, then why it does not move (or that it does).
    if (!snapshot.connected) text += `. ${t('offline.pausedOffline')}`;
    else if (snapshot.paused) text += `. ${t('offline.pausedStorage')}`;
    else if (phase === 'incomplete') text += `. ${t('offline.retryLater')}`;
    else if (phase === 'downloading' && !first) text += `. ${t('offline.updating')}`;
  }
  // The end, a pause and the start are said at once; the counts in between, calmly.
  const announced = useCalm(text, ANNOUNCE_MS, phase !== 'downloading' || ready === 0);

  return (
    <section
      className="offline-panel"
      aria-labelledby={`${id}-title`}
      data-offline-panel={phase}
      data-offline-used-bytes={snapshot.usedBytes}
      data-offline-budget-bytes={snapshot.budgetBytes}
      data-offline-over-budget={snapshot.overBudget}
    >
      <h2 id={`${id}-title`}>{t('offline.title')}</h2>
      <p role="status" className="offline-status">
        {announced}
      </p>
      {first && phase !== 'listing' && total > 0 ? (
        <progress
          className="offline-progress"
          max={total}
          value={ready}
          aria-label={t('offline.progressLabel')}
        />
      ) : null}
      {snapshot.overBudget > 0 ? (
        <p className="warning offline-over-budget">
          {t(snapshot.overBudget === 1 ? 'offline.overBudget.one' : 'offline.overBudget.other', {
            count: snapshot.overBudget,
          })}
        </p>
      ) : null}
      <p className="muted">
        {t('offline.usage', {
          used: formatSize(snapshot.usedBytes, tag),
          budget: formatBudget(snapshot.budgetBytes, tag),
        })}
      </p>
      <details className="offline-budget" open={snapshot.overBudget > 0 || undefined}>
        <summary>{t('offline.budget.open')}</summary>
        <p>{t('offline.rule')}</p>
        <BudgetForm offline={offline} />
        {device !== null && device.usage !== null ? (
          <p className="muted">
            {t('offline.device', {
              usage: formatSize(device.usage, tag),
              available: device.available === null ? '—' : formatSize(device.available, tag),
            })}
          </p>
        ) : null}
      </details>
    </section>
  );
}
