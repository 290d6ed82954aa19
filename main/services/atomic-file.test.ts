import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SerialQueue, readJsonFile, writeFileAtomic } from './atomic-file.js';

const schema = z.strictObject({ n: z.number() });

describe('atomic files', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'entente-atomic-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writeFileAtomic replaces the file and leaves no temporary behind', async () => {
    const file = path.join(dir, 'state.json');
    await writeFileAtomic(file, '{"n":1}');
    await writeFileAtomic(file, '{"n":2}');
    expect(await readFile(file, 'utf8')).toBe('{"n":2}');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('writeFileAtomic fails cleanly when the folder is missing', async () => {
    await expect(writeFileAtomic(path.join(dir, 'no', 'state.json'), '{}')).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });

  it('readJsonFile: ok, missing', async () => {
    const file = path.join(dir, 'state.json');
    expect(await readJsonFile(file, schema)).toEqual({ kind: 'missing' });
    await writeFile(file, '{"n":3}');
    expect(await readJsonFile(file, schema)).toEqual({ kind: 'ok', value: { n: 3 } });
  });

  it.each([
    ['truncated JSON', '{"n":', /not JSON/],
    ['wrong shape', '{"n":"3"}', /n: /],
    ['extra key', '{"n":3,"x":1}', /\(root\)/],
    ['empty file', '', /not JSON/],
  ])('readJsonFile moves a damaged file aside: %s', async (_name, content, reason) => {
    const file = path.join(dir, 'state.json');
    await writeFile(file, content);
    const result = await readJsonFile(file, schema, () => new Date('2026-01-02T03:04:05.678Z'));
    const backupPath = `${file}.corrupt-2026-01-02T03-04-05-678Z`;
    expect(result).toMatchObject({ kind: 'corrupt', backupPath });
    expect(result.kind === 'corrupt' && result.reason).toMatch(reason);
    expect(await readFile(backupPath, 'utf8')).toBe(content);
    expect(await readJsonFile(file, schema)).toEqual({ kind: 'missing' });
  });

  it('SerialQueue runs tasks in call order and survives a failure', async () => {
    const queue = new SerialQueue();
    const order: string[] = [];
    const slow = queue.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('slow');
    });
    const failing = queue.run(async () => {
      order.push('failing');
      throw new Error('no');
    });
    const fast = queue.run(async () => {
      order.push('fast');
      return 3;
    });
    await slow;
    await expect(failing).rejects.toThrow('no');
    await expect(fast).resolves.toBe(3);
    expect(order).toEqual(['slow', 'failing', 'fast']);
  });
});
