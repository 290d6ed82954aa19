/**
 * The awareness as the remote-caret plugin should hear it: `change` events that involve another
 * person only, at most one per task.
 *
 * y-tiptap's caret plugin redraws every remote caret on each awareness `change` by dispatching a
 * second ProseMirror transaction. Our own caret moves with every keystroke, so each keystroke paid
 * for two editor updates before it could be painted, although our own caret is never drawn
 * (`npm run bench:client`, docs/benchmarks.md). And the relay connection handles a batch of
 * messages in one task (`sync/inbound-batch.ts`): ten people's caret moves need one redraw, not
 * ten, so the changes of a task reach the listener together, in a microtask. The plugin reads
 * the states when called and ignores the event's arguments; they are merged all the same.
 * Everything else — reading states, publishing our caret, `update` events — goes to the real
 * awareness untouched.
 */
import type { Awareness } from 'y-protocols/awareness';

interface Changes {
  added: number[];
  updated: number[];
  removed: number[];
}

type ChangeListener = (changes: Changes, origin: unknown) => void;

/**
 * `listener`, called once in a microtask with the changes of every call made meanwhile; never
 * after `cancel` (the caret plugin unsubscribes when its editor is destroyed).
 */
function coalesced(listener: ChangeListener): { call: ChangeListener; cancel: () => void } {
  let waiting: { changes: Changes; origin: unknown } | null = null;
  let cancelled = false;
  const call: ChangeListener = (changes, origin) => {
    if (waiting !== null) {
      waiting.changes.added.push(...changes.added);
      waiting.changes.updated.push(...changes.updated);
      waiting.changes.removed.push(...changes.removed);
      waiting.origin = origin;
      return;
    }
    waiting = {
      changes: {
        added: [...changes.added],
        updated: [...changes.updated],
        removed: [...changes.removed],
      },
      origin,
    };
    queueMicrotask(() => {
      const merged = waiting!;
      waiting = null;
      if (!cancelled) listener(merged.changes, merged.origin);
    });
  };
  return { call, cancel: () => (cancelled = true) };
}

/**
 * `awareness`, except that `change` listeners skip changes made only by this client and hear
 * the others' changes of one task in a single call.
 */
export function remoteChangesOnly(awareness: Awareness): Awareness {
  const wrappers = new Map<ChangeListener, { wrapped: ChangeListener; cancel: () => void }>();
  const wrap = (listener: ChangeListener): ChangeListener => {
    let wrapper = wrappers.get(listener);
    if (wrapper === undefined) {
      const later = coalesced(listener);
      const wrapped: ChangeListener = (changes, origin) => {
        const own = awareness.clientID;
        const ids = [...changes.added, ...changes.updated, ...changes.removed];
        if (ids.some((id) => id !== own)) later.call(changes, origin);
      };
      wrapper = { wrapped, cancel: later.cancel };
      wrappers.set(listener, wrapper);
    }
    return wrapper.wrapped;
  };
  const on = (name: string, listener: ChangeListener): void => {
    awareness.on(name as 'change', name === 'change' ? wrap(listener) : listener);
  };
  const off = (name: string, listener: ChangeListener): void => {
    if (name !== 'change') return awareness.off(name as 'change', listener);
    const wrapper = wrappers.get(listener);
    if (wrapper === undefined) return;
    wrappers.delete(listener);
    wrapper.cancel();
    awareness.off('change', wrapper.wrapped);
  };
  return new Proxy(awareness, {
    get(target, property) {
      if (property === 'on') return on;
      if (property === 'off') return off;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
