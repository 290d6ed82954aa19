/**
 * Entry of the probe, built as one classic script (`vite build --mode probe`) that Playwright
 * injects into the real app before the app's own scripts run (`addInitScript`).
 */
import type { ProbeApi } from './api.js';
import { replayInEditor } from './pm-replay.js';
import { contentWatcher, watchKeystrokes, watchOpen, watchSockets } from './probes.js';

// Only the top-level document: the app has no frames, and a stray about:blank must not count.
if (window === window.top) {
  const openTimes = watchOpen(window.ententeProbeConfig);
  const keys = watchKeystrokes();
  const sockets = watchSockets();
  const content = contentWatcher();
  const api: ProbeApi = {
    openTimes,
    keystrokes: () => [...keys.samples],
    slowEvents: () => [...keys.slow],
    clearKeystrokes: () => {
      keys.samples.length = 0;
      keys.slow.length = 0;
    },
    sockets,
    watchContent: () => content.start(),
    content: () => content.state(),
    replay: replayInEditor,
  };
  window.ententeProbe = api;
}
