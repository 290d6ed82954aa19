/**
 * The awareness as the remote-caret plugin should hear it: `change` events that involve another
 * person only.
 *
 * y-tiptap's caret plugin redraws every remote caret on each awareness `change` by dispatching a
 * second ProseMirror transaction. Our own caret moves with every keystroke, so each keystroke paid
 * for two editor updates before it could be painted, although our own caret is never drawn
 * (`npm run bench:client`, docs/benchmarks.md). Everything else — reading states, publishing our
 * caret, `update` events — goes to the real awareness untouched.
 */
import type { Awareness } from 'y-protocols/awareness';

type ChangeListener = (
  changes: { added: number[]; updated: number[]; removed: number[] },
  origin: unknown,
) => void;

/** `awareness`, except that `change` listeners skip changes made only by this client. */
export function remoteChangesOnly(awareness: Awareness): Awareness {
  const wrappers = new Map<ChangeListener, ChangeListener>();
  const wrap = (listener: ChangeListener): ChangeListener => {
    let wrapped = wrappers.get(listener);
    if (wrapped === undefined) {
      wrapped = (changes, origin) => {
        const own = awareness.clientID;
        const ids = [...changes.added, ...changes.updated, ...changes.removed];
        if (ids.some((id) => id !== own)) listener(changes, origin);
      };
      wrappers.set(listener, wrapped);
    }
    return wrapped;
  };
  const on = (name: string, listener: ChangeListener): void => {
    awareness.on(name as 'change', name === 'change' ? wrap(listener) : listener);
  };
  const off = (name: string, listener: ChangeListener): void => {
    if (name !== 'change') return awareness.off(name as 'change', listener);
    const wrapped = wrappers.get(listener);
    if (wrapped === undefined) return;
    wrappers.delete(listener);
    awareness.off('change', wrapped);
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
