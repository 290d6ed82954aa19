/**
 * Observers injected into the real app before it starts (Playwright init script), so that the
 * app is measured as shipped, without a hook of ours in renderer/. They only watch: the wrapped
 * `indexedDB.open`, `IDBDatabase.transaction` and `WebSocket` call the originals unchanged and
 * add listeners; nothing the app sees behaves differently.
 */
import type {
  ContentState,
  IdbTransactionRecord,
  KeystrokeSample,
  OpenTimes,
  SlowEvent,
  SocketStats,
} from './api.js';

/** Runs `then` in a task after the current one (MessageChannel: no 4 ms timer clamp). */
export function afterTask(then: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    then();
  };
  channel.port2.postMessage(null);
}

/**
 * Runs `then` in a task of the highest priority a page can ask for: before the tasks the app
 * queued earlier (its deferred writes and renders), which would otherwise delay the mark.
 */
function urgentTask(then: () => void): void {
  const scheduler = (window as { scheduler?: { postTask?(fn: () => void, o: object): unknown } })
    .scheduler;
  if (scheduler?.postTask !== undefined) {
    void scheduler.postTask(then, { priority: 'user-blocking' });
  } else afterTask(then);
}

/** Calls `then(frameStart, painted)` for the next animation frame once it has been rendered. */
function afterNextPaint(then: (frame: number, painted: number) => void): void {
  requestAnimationFrame(() => {
    const frame = performance.now();
    // Style, layout and paint of this frame run after the rAF callbacks, in the same task: the
    // first task to run after it marks the end of the frame's rendering.
    urgentTask(() => then(frame, performance.now()));
  });
}

/** Records the app's IndexedDB activity and when the editor shows the whole document. */
export function watchOpen(
  expected: { blocks: number; chars: number } | undefined,
): () => OpenTimes | null {
  const transactions: IdbTransactionRecord[] = [];
  let idbOpen: number | null = null;
  let result: OpenTimes | null = null;
  const factoryOpen = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function open(this: IDBFactory, ...args) {
    idbOpen ??= performance.now();
    return factoryOpen.apply(this, args);
  };
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function tx(this: IDBDatabase, ...args) {
    const started = performance.now();
    const created = transaction.apply(this, args);
    const record: IdbTransactionRecord = {
      db: this.name,
      stores: Array.from(created.objectStoreNames),
      mode: created.mode,
      start: started,
      end: null,
    };
    transactions.push(record);
    created.addEventListener('complete', () => (record.end = performance.now()));
    return created;
  };
  if (expected !== undefined) {
    const observer = new MutationObserver(() => {
      const editor = document.querySelector('.document-text');
      if (editor === null || editor.getAttribute('contenteditable') !== 'true') return;
      if (editor.childElementCount < expected.blocks) return;
      if ((editor.textContent ?? '').length < expected.chars) return;
      observer.disconnect();
      const editable = performance.now();
      afterNextPaint((frame, painted) => {
        result = {
          idbOpen: idbOpen ?? Number.NaN,
          editable,
          frame,
          painted,
          transactions: [...transactions],
        };
      });
    });
    observer.observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['contenteditable'],
    });
  }
  return () => result;
}

/** Keystroke → next paint, for every printable key typed into the page. */
export function watchKeystrokes(): {
  samples: KeystrokeSample[];
  slow: SlowEvent[];
} {
  const samples: KeystrokeSample[] = [];
  const slow: SlowEvent[] = [];
  window.addEventListener(
    'keydown',
    (event) => {
      if (!event.isTrusted || event.key.length !== 1) return;
      const sample: KeystrokeSample = {
        event: event.timeStamp,
        received: performance.now(),
        processed: null,
        frame: null,
        painted: null,
      };
      samples.push(sample);
      afterNextPaint((frame, painted) => {
        sample.frame = frame;
        sample.painted = painted;
      });
    },
    { capture: true },
  );
  // Bubbling to the window: registered last, it runs after the editor's own input handling.
  window.addEventListener('input', () => {
    const sample = samples.at(-1);
    if (sample === undefined || sample.processed !== null) return;
    queueMicrotask(() => (sample.processed = performance.now()));
  });
  // The browser's own measure (input → next presented frame). Its threshold cannot go below
  // 16 ms, so it counts the slow keystrokes rather than timing all of them.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      slow.push({ name: entry.name, startTime: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);
  return { samples, slow };
}

/** Counts the page's WebSocket opens and incoming messages. */
export function watchSockets(): () => SocketStats {
  const opens: { url: string; at: number }[] = [];
  let messagesIn = 0;
  const Base = window.WebSocket;
  class WatchedWebSocket extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('open', () =>
        opens.push({ url: this.url, at: performance.timeOrigin + performance.now() }),
      );
      this.addEventListener('message', () => (messagesIn += 1));
    }
  }
  window.WebSocket = WatchedWebSocket;
  return () => ({ opens: [...opens], messagesIn });
}

/** The editor's text block by block, without remote carets (their labels are text too). */
function editorText(root: Element): string {
  return Array.from(root.children)
    .map((block) => {
      if (block.querySelector('.collaboration-carets__caret') === null)
        return block.textContent ?? '';
      const copy = block.cloneNode(true) as Element;
      copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
      return copy.textContent ?? '';
    })
    .join('\n');
}

/** Tracks when the editor's text last changed (carets moving do not count). */
export function contentWatcher(): { start(): void; state(): ContentState } {
  let state: ContentState = { text: '', changedAt: Number.NaN, changes: [] };
  const record = (root: Element): void => {
    const text = editorText(root);
    if (text === state.text) return;
    const at = performance.timeOrigin + performance.now();
    state = { text, changedAt: at, changes: [...state.changes, { at, length: text.length }] };
  };
  return {
    start() {
      const root = document.querySelector('.document-text');
      if (root === null) throw new Error('no editor on the page');
      record(root);
      new MutationObserver(() => record(root)).observe(root, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    },
    state: () => state,
  };
}
