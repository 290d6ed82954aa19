/**
 * What Entente takes on this computer as the browser counts it (`navigator.storage`, every
 * workspace and the app's own data together), refreshed now and then while shown.
 */
import { useEffect, useState } from 'react';
import { checkStorageHealth, type StorageAssessment } from '../storage/storage-health.js';

/** How often the estimate is refreshed while a page shows it. */
const REFRESH_MS = 10_000;

/** Usage and room left, or null until known (or where the browser does not say). */
export function useDeviceStorage(): StorageAssessment | null {
  const [estimate, setEstimate] = useState<StorageAssessment | null>(null);
  useEffect(() => {
    let live = true;
    const measure = (): void => {
      // Persistence is the composition root's to ask for; here we only read.
      checkStorageHealth({ requestPersistence: false }).then(
        (health) => {
          if (live) setEstimate(health.usage === null ? null : health);
        },
        () => undefined,
      );
    };
    measure();
    const timer = setInterval(measure, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  return estimate;
}
