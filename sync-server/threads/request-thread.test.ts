import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKGROUND_NICE, RequestThread, type ThreadReply } from './request-thread.js';

/** Answers each request with its thread's nice value, or dies when asked to. */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (request) => {
  if (request.die) process.exit(3);
  parentPort.postMessage({ id: request.id, nice: require('node:os').getPriority() });
});
`;

interface NiceReply extends ThreadReply {
  readonly nice: number;
}

describe('RequestThread', () => {
  let thread: RequestThread;
  afterEach(() => thread.close());

  it('runs its thread at the background nice value, leaving the serving thread as it was', async () => {
    const before = getPriority();
    thread = new RequestThread({ name: 'test thread', source: SOURCE, workerData: () => null });
    const reply = await thread.request<NiceReply>((id) => ({ message: { id } }));
    expect(reply.nice).toBe(process.platform === 'linux' ? before + BACKGROUND_NICE : before);
    expect(getPriority()).toBe(before);
  });

  it('answers requests in order, and fails the pending ones of a thread that dies', async () => {
    thread = new RequestThread({
      name: 'test thread',
      source: SOURCE,
      workerData: () => null,
      nice: 0,
    });
    const lost: string[] = [];
    thread.onLost((error) => lost.push(error.message));
    const replies = await Promise.all(
      [1, 2, 3].map(() => thread.request<NiceReply>((id) => ({ message: { id } }))),
    );
    expect(replies.map((r) => r.id)).toEqual([1, 2, 3]);
    await expect(thread.request((id) => ({ message: { id, die: true } }))).rejects.toThrow(
      /test thread worker exited with code 3/,
    );
    expect(lost).toHaveLength(1);
    // The next request starts a fresh thread.
    await expect(thread.request<NiceReply>((id) => ({ message: { id } }))).resolves.toMatchObject({
      id: 5,
    });
  });

  it('rejects requests once closed', async () => {
    thread = new RequestThread({ name: 'test thread', source: SOURCE, workerData: () => null });
    await thread.close();
    await expect(thread.request((id) => ({ message: { id } }))).rejects.toThrow(
      /test thread is closed/,
    );
  });
});
