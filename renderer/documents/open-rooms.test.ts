/**
 * `OpenRooms.whileClosed`: a task on a room nobody has loaded (the offline byte copy) runs only
 * while the room is not loaded; opening the room stops the task and waits for it, so the loaded
 * copy reads what the task stored; a loaded room gets no task.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryDocStore } from '../../shared/storage/memory-doc-store.js';
import { OpenRooms } from './open-rooms.js';

/** An update writing `text` into the doc's text `t`. */
function updateWith(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('OpenRooms.whileClosed', () => {
  it('opening the room stops the task, waits for it and reads what it stored', async () => {
    const store = new MemoryDocStore();
    const rooms = new OpenRooms(store, undefined);
    const events: string[] = [];
    const task = rooms.whileClosed('w/d', async (signal) => {
      await new Promise<void>((stopped) => signal.addEventListener('abort', () => stopped()));
      events.push('stopped');
      // Still the task's turn: what it appends now is read by the opener.
      await store.append([{ room: 'w/d', data: updateWith('copié') }]);
      events.push('stored');
      return 'done';
    });
    expect(task).not.toBeNull();
    // Only one task per room at a time.
    expect(rooms.whileClosed('w/d', async () => 'other')).toBeNull();

    const handle = await rooms.acquire('w/d');
    events.push('opened');
    expect(await task).toBe('done');
    expect(events).toEqual(['stopped', 'stored', 'opened']);
    expect(handle.doc.getText('t').toString()).toBe('copié');
    // Loaded now: no task, the caller shares the loaded copy instead.
    expect(rooms.whileClosed('w/d', async () => 'late')).toBeNull();
    rooms.release('w/d');
    await rooms.closeAll();
  });

  it('closing every room stops the tasks and waits for them', async () => {
    const rooms = new OpenRooms(new MemoryDocStore(), undefined);
    let ended = false;
    const task = rooms.whileClosed('w/e', async (signal) => {
      await new Promise<void>((stopped) => signal.addEventListener('abort', () => stopped()));
      ended = true;
    });
    await rooms.closeAll();
    expect(ended).toBe(true);
    await task;
  });
});
