/**
 * `remoteChangesOnly`: the caret plugin's view of the awareness hears other people's changes and
 * not ours, those of one task in one call; everything else is the real awareness.
 */
import { describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { remoteChangesOnly } from './remote-awareness.js';

/** Lets the microtasks queued so far run. */
const microtasks = (): Promise<void> => Promise.resolve();

/** Sends `from`'s own state to `to`, as the relay would. */
function relay(from: Awareness, to: Awareness): void {
  applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [from.clientID]), 'relay');
}

describe('remoteChangesOnly', () => {
  it('passes on changes that involve someone else, and drops our own', async () => {
    const mine = new Awareness(new Y.Doc());
    const theirs = new Awareness(new Y.Doc());
    const view = remoteChangesOnly(mine);
    const heard: number[][] = [];
    const listener = (changes: { added: number[]; updated: number[]; removed: number[] }) =>
      heard.push([...changes.added, ...changes.updated, ...changes.removed]);
    view.on('change', listener);

    mine.setLocalStateField('cursor', { anchor: 1, head: 1 });
    mine.setLocalStateField('cursor', { anchor: 2, head: 2 });
    await microtasks();
    expect(heard).toEqual([]);

    theirs.setLocalStateField('cursor', { anchor: 5, head: 5 });
    relay(theirs, mine);
    await microtasks();
    expect(heard).toEqual([[theirs.clientID]]);

    view.off('change', listener);
    theirs.setLocalStateField('cursor', { anchor: 6, head: 6 });
    relay(theirs, mine);
    await microtasks();
    expect(heard).toHaveLength(1);
    mine.destroy();
    theirs.destroy();
  });

  it('hears the changes of one task in one call, and none once unsubscribed', async () => {
    const mine = new Awareness(new Y.Doc());
    const others = [new Awareness(new Y.Doc()), new Awareness(new Y.Doc())];
    const view = remoteChangesOnly(mine);
    const calls: number[][] = [];
    const listener = (changes: { added: number[]; updated: number[]; removed: number[] }) =>
      calls.push([...changes.added, ...changes.updated, ...changes.removed].sort());
    view.on('change', listener);

    // One batch of the relay connection: two people's caret moves handled in one task.
    for (const [index, other] of others.entries()) {
      other.setLocalStateField('cursor', { anchor: index, head: index });
      relay(other, mine);
    }
    expect(calls).toEqual([]);
    await microtasks();
    expect(calls).toEqual([others.map((other) => other.clientID).sort()]);

    // A change heard, then the editor goes away before the microtask: the listener is not called.
    others[0]!.setLocalStateField('cursor', { anchor: 9, head: 9 });
    relay(others[0]!, mine);
    view.off('change', listener);
    await microtasks();
    expect(calls).toHaveLength(1);
    mine.destroy();
    for (const other of others) other.destroy();
  });

  it('is the real awareness for everything else', () => {
    const mine = new Awareness(new Y.Doc());
    const view = remoteChangesOnly(mine);
    const updates: unknown[] = [];
    view.on('update', (changes: unknown) => updates.push(changes));
    view.setLocalStateField('user', { name: 'Claire', org: 'AMF' });
    expect(mine.getLocalState()).toMatchObject({ user: { name: 'Claire', org: 'AMF' } });
    expect(view.getStates()).toBe(mine.getStates());
    expect(view.clientID).toBe(mine.clientID);
    // `update` events (our own included) are not filtered: the caret extension lists users.
    expect(updates).toHaveLength(1);
    mine.destroy();
  });
});
