import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_SIZE,
  MIN_WINDOW_SIZE,
  WindowStateFile,
  restoreWindowState,
  type Rect,
} from './window-state.js';

const LAPTOP: Rect = { x: 0, y: 25, width: 1440, height: 875 };
const MONITOR_RIGHT: Rect = { x: 1440, y: 0, width: 2560, height: 1400 };
const SMALL: Rect = { x: 0, y: 0, width: 1024, height: 700 };

describe('restoreWindowState', () => {
  it('first start: default size centred on the primary display', () => {
    expect(restoreWindowState(null, [LAPTOP, MONITOR_RIGHT])).toEqual({
      bounds: {
        x: (1440 - DEFAULT_WINDOW_SIZE.width) / 2,
        y: Math.round(25 + (875 - DEFAULT_WINDOW_SIZE.height) / 2),
        ...DEFAULT_WINDOW_SIZE,
      },
      maximized: false,
    });
  });

  it('first start on a small screen: capped to the work area', () => {
    expect(restoreWindowState(null, [SMALL]).bounds).toEqual({
      x: 0,
      y: 0,
      width: 1024,
      height: 700,
    });
  });

  it('keeps a window that is fully visible, and its maximised state', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1400, height: 900 }, maximized: true };
    expect(restoreWindowState(saved, [LAPTOP, MONITOR_RIGHT])).toEqual(saved);
  });

  it('brings back a window saved on a monitor that was unplugged', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1200, height: 800 }, maximized: false };
    expect(restoreWindowState(saved, [LAPTOP])).toEqual({
      bounds: { x: 120, y: 63, width: 1200, height: 800 },
      maximized: false,
    });
  });

  it('pulls a window hanging off the edge back inside the display it mostly covers', () => {
    const saved = { bounds: { x: 1000, y: -50, width: 1000, height: 700 }, maximized: false };
    expect(restoreWindowState(saved, [LAPTOP]).bounds).toEqual({
      x: 440,
      y: 25,
      width: 1000,
      height: 700,
    });
  });

  it('a sliver on screen is not enough: the title bar must be reachable', () => {
    const saved = { bounds: { x: 1400, y: 100, width: 1000, height: 700 }, maximized: false };
    // 40 px overlap with the laptop: below MIN_VISIBLE, so the window is recentred.
    expect(restoreWindowState(saved, [LAPTOP]).bounds).toEqual({
      x: 220,
      y: 113,
      width: 1000,
      height: 700,
    });
  });

  it('shrinks a window larger than the screen and enlarges one below the minimum', () => {
    const big = { bounds: { x: 0, y: 0, width: 3000, height: 2000 }, maximized: false };
    expect(restoreWindowState(big, [SMALL]).bounds).toEqual(SMALL);
    const tiny = { bounds: { x: 10, y: 10, width: 200, height: 100 }, maximized: false };
    expect(restoreWindowState(tiny, [LAPTOP]).bounds).toEqual({
      x: 10,
      y: 25,
      ...MIN_WINDOW_SIZE,
    });
  });

  it('chooses the display with the largest overlap', () => {
    const saved = { bounds: { x: 1000, y: 100, width: 1200, height: 700 }, maximized: false };
    expect(restoreWindowState(saved, [LAPTOP, MONITOR_RIGHT]).bounds.x).toBe(1440);
  });

  it('copes with no display at all', () => {
    expect(restoreWindowState(null, []).bounds).toMatchObject(DEFAULT_WINDOW_SIZE);
  });
});

describe('WindowStateFile', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'entente-window-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('saves (rounded) and loads', async () => {
    const file = new WindowStateFile(path.join(dir, 'window-state.json'));
    expect(await file.load()).toBeNull();
    await file.save({ bounds: { x: 10.4, y: 20.6, width: 800, height: 600 }, maximized: true });
    expect(await file.load()).toEqual({
      bounds: { x: 10, y: 21, width: 800, height: 600 },
      maximized: true,
    });
  });

  it('a damaged file gives null and is moved aside', async () => {
    const filePath = path.join(dir, 'window-state.json');
    await writeFile(filePath, '{"bounds":{"x":"a"}}');
    const file = new WindowStateFile(filePath);
    expect(await file.load()).toBeNull();
    await file.save({ bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: false });
    expect(JSON.parse(await readFile(filePath, 'utf8')).bounds.width).toBe(800);
  });
});
