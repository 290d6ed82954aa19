import { describe, expect, it } from 'vitest';
import { Readiness, type ReadinessVerdict } from './readiness.js';

describe('Readiness', () => {
  it('reuses a verdict for cacheMs, then checks again, and reports changes', async () => {
    let now = 0;
    let calls = 0;
    let failing = false;
    const changes: ReadinessVerdict[] = [];
    const readiness = new Readiness(
      async () => {
        calls += 1;
        if (failing) throw new Error('disk full');
      },
      { now: () => now, cacheMs: 1000, onChange: (v) => changes.push(v) },
    );
    expect(await readiness.check()).toEqual({ ok: true });
    expect(await readiness.check()).toEqual({ ok: true });
    expect(calls).toBe(1);
    failing = true;
    now = 1000;
    expect(await readiness.check()).toEqual({ ok: false, reason: 'disk full' });
    failing = false;
    now = 1500;
    expect((await readiness.check()).ok).toBe(false); // still cached
    now = 2000;
    expect(await readiness.check()).toEqual({ ok: true }); // recovers by itself
    expect(changes.map((c) => c.ok)).toEqual([true, false, true]);
  });

  it('counts a check that does not answer within the deadline as failed', async () => {
    const readiness = new Readiness(() => new Promise<void>(() => undefined), {
      now: () => 0,
      deadlineMs: 50,
    });
    expect(await readiness.check()).toEqual({ ok: false, reason: 'no answer within 50 ms' });
  });

  it('shares one running check between concurrent probes', async () => {
    let calls = 0;
    const readiness = new Readiness(
      async () => {
        calls += 1;
        await new Promise((ok) => setTimeout(ok, 20));
      },
      { now: () => 0 },
    );
    await Promise.all([readiness.check(), readiness.check(), readiness.check()]);
    expect(calls).toBe(1);
  });
});
