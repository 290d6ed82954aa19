/**
 * `InboundBatch`: the relay's messages of a window handled in one task, document updates first
 * and in one transaction; while the member types, right after the frame of their keystroke.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InboundBatch, TYPING_PAUSE_MS } from './inbound-batch.js';

/** Whether a test message is a document update (the kind applied together). */
type Kind = 'update' | 'other';
const UPDATE: Kind = 'update';
const STEP1: Kind = 'other';
const AWARENESS: Kind = 'other';
const ACK: Kind = 'other';

/** A batch whose handling is written to `log`, with the frame callbacks held in `paints`. */
function recordingBatch(options: { windowMs: number; typingWaitMs?: number }) {
  const log: string[] = [];
  const paints: Array<() => void> = [];
  const errors: unknown[] = [];
  let clock = 0;
  const batch = new InboundBatch({
    ...options,
    inTransaction: (apply) => {
      log.push('begin');
      apply();
      log.push('end');
    },
    afterPaint: (run) => paints.push(run),
    now: () => clock,
    onError: (error) => errors.push(error),
  });
  const push = (name: string, kind: Kind) =>
    batch.push({ isUpdate: kind === 'update', handle: () => log.push(name) });
  return { batch, log, paints, errors, push, advance: (ms: number) => (clock += ms) };
}

describe('InboundBatch', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('handles a window of messages in one task: updates in one transaction, then the rest in order', () => {
    vi.useFakeTimers();
    const { batch, log, push } = recordingBatch({ windowMs: 40 });
    push('awareness 1', AWARENESS);
    push('update 1', UPDATE);
    push('ack', ACK);
    push('update 2', UPDATE);
    push('step 1', STEP1);
    expect(log).toEqual([]);
    expect(batch.pending).toBe(5);
    vi.advanceTimersByTime(39);
    expect(log).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(['begin', 'update 1', 'update 2', 'end', 'awareness 1', 'ack', 'step 1']);
    expect(batch.pending).toBe(0);
    // The next message starts a new window.
    push('awareness 2', AWARENESS);
    vi.advanceTimersByTime(40);
    expect(log.at(-1)).toBe('awareness 2');
  });

  it('handles each message at once with a window of 0, as a stock client does', () => {
    const { log, push } = recordingBatch({ windowMs: 0 });
    push('awareness', AWARENESS);
    push('update', UPDATE);
    expect(log).toEqual(['awareness', 'begin', 'update', 'end']);
  });

  it('flush() handles what is queued now; a handler that throws costs no other message', () => {
    vi.useFakeTimers();
    const { batch, log, errors } = recordingBatch({ windowMs: 40 });
    const broken = new Error('malformed update');
    batch.push({
      isUpdate: true,
      handle: () => {
        throw broken;
      },
    });
    batch.push({ isUpdate: true, handle: () => log.push('update') });
    batch.push({ isUpdate: false, handle: () => log.push('ack') });
    batch.flush();
    expect(log).toEqual(['begin', 'update', 'end', 'ack']);
    expect(errors).toEqual([broken]);
    // The window's timer was cancelled with the flush: nothing runs twice.
    vi.advanceTimersByTime(100);
    expect(log).toHaveLength(4);
  });

  it('while the member types, runs right after the frame of their keystroke', () => {
    vi.useFakeTimers();
    const { batch, log, paints, push, advance } = recordingBatch({
      windowMs: 40,
      typingWaitMs: 250,
    });
    // A keystroke with nothing queued schedules nothing.
    batch.localEdit();
    expect(paints).toHaveLength(0);
    // A message arrives while typing: it no longer runs after 40 ms…
    push('update 1', UPDATE);
    vi.advanceTimersByTime(40);
    expect(log).toEqual([]);
    // …but right after the next keystroke's frame, once, however many keystrokes.
    batch.localEdit();
    batch.localEdit();
    expect(paints).toHaveLength(1);
    expect(log).toEqual([]);
    paints[0]!();
    expect(log).toEqual(['begin', 'update 1', 'end']);
    // With no keystroke to wait for, a batch still runs after `typingWaitMs`.
    push('update 2', UPDATE);
    vi.advanceTimersByTime(249);
    expect(log).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(log.slice(3)).toEqual(['begin', 'update 2', 'end']);
    // Once the member has paused, the short window is back.
    advance(TYPING_PAUSE_MS);
    push('update 3', UPDATE);
    vi.advanceTimersByTime(40);
    expect(log.slice(6)).toEqual(['begin', 'update 3', 'end']);
  });
});
