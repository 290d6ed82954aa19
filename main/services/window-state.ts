/**
 * The main window's size, position and maximised state, remembered between runs.
 *
 * Restoring is a pure function of the saved state and the displays present now
 * ({@link restoreWindowState}): a window saved on a monitor that has since been unplugged, or
 * with a size larger than the current screen, is brought back where the user can reach it.
 * Persistence goes through the same atomic JSON files as the settings.
 */
import { z } from 'zod';
import { SerialQueue, readJsonFile, writeFileAtomic } from './atomic-file.js';

/** A rectangle in screen coordinates (DIP). */
export interface Rect {
  /** Left edge. */
  readonly x: number;
  /** Top edge. */
  readonly y: number;
  /** Width. */
  readonly width: number;
  /** Height. */
  readonly height: number;
}

/** What is remembered of the window. */
export interface WindowState {
  /** Bounds of the window when neither maximised nor full screen. */
  readonly bounds: Rect;
  /** Whether it was maximised. */
  readonly maximized: boolean;
}

/** Size of the window on first start, if the screen has room. */
export const DEFAULT_WINDOW_SIZE = Object.freeze({ width: 1280, height: 860 });

/** Smallest window the UI is laid out for. */
export const MIN_WINDOW_SIZE = Object.freeze({ width: 720, height: 480 });

/**
 * How much of the window must overlap a display for its saved position to be kept: enough of
 * the title bar to grab it with the mouse.
 */
export const MIN_VISIBLE = Object.freeze({ width: 160, height: 48 });

const coordinate = z.number().int().min(-100_000).max(100_000);
const size = z.number().int().min(1).max(100_000);

/** Schema of the window-state file. */
export const windowStateSchema: z.ZodType<WindowState> = z.strictObject({
  bounds: z.strictObject({ x: coordinate, y: coordinate, width: size, height: size }),
  maximized: z.boolean(),
});

/**
 * Where to open the window. `workAreas` are the displays' work areas (screen minus taskbar and
 * menu bar), the primary display first.
 *
 * - No saved state: the default size, capped to the primary work area, centred on it.
 * - Saved bounds that overlap some display by at least {@link MIN_VISIBLE}: kept on the display
 *   they overlap most, shrunk to fit its work area and moved inside it.
 * - Saved bounds that no display shows enough of: the saved size, fitted and centred on the
 *   primary display.
 */
export function restoreWindowState(
  saved: WindowState | null,
  workAreas: readonly Rect[],
): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE };
  if (saved === null) {
    return { bounds: centreOn(primary, DEFAULT_WINDOW_SIZE), maximized: false };
  }
  let best: Rect | null = null;
  let bestArea = 0;
  for (const area of workAreas) {
    const overlap = intersection(saved.bounds, area);
    const areaSize = overlap.width * overlap.height;
    if (
      overlap.width >= MIN_VISIBLE.width &&
      overlap.height >= MIN_VISIBLE.height &&
      areaSize > bestArea
    ) {
      best = area;
      bestArea = areaSize;
    }
  }
  const bounds = best === null ? centreOn(primary, saved.bounds) : fitInside(best, saved.bounds);
  return { bounds, maximized: saved.maximized };
}

function intersection(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

/** A size no smaller than the minimum unless the work area itself is smaller. */
function fittedSize(area: Rect, wanted: { width: number; height: number }) {
  return {
    width: Math.round(Math.min(area.width, Math.max(MIN_WINDOW_SIZE.width, wanted.width))),
    height: Math.round(Math.min(area.height, Math.max(MIN_WINDOW_SIZE.height, wanted.height))),
  };
}

function centreOn(area: Rect, wanted: { width: number; height: number }): Rect {
  const { width, height } = fittedSize(area, wanted);
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}

function fitInside(area: Rect, wanted: Rect): Rect {
  const { width, height } = fittedSize(area, wanted);
  const x = Math.min(Math.max(wanted.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(wanted.y, area.y), area.y + area.height - height);
  return { x: Math.round(x), y: Math.round(y), width, height };
}

/** Reads and writes `window-state.json`. */
export class WindowStateFile {
  private readonly queue = new SerialQueue();

  /** @param filePath path of the state file in the user-data folder */
  constructor(private readonly filePath: string) {}

  /** The saved state, or null when there is none or it is damaged (then it is moved aside). */
  async load(): Promise<WindowState | null> {
    const read = await readJsonFile(this.filePath, windowStateSchema);
    return read.kind === 'ok' ? read.value : null;
  }

  /** Saves `state`; saves run in call order, so the last one wins. */
  save(state: WindowState): Promise<void> {
    const valid = windowStateSchema.parse(roundState(state));
    return this.queue.run(() => writeFileAtomic(this.filePath, `${JSON.stringify(valid)}\n`));
  }
}

function roundState(state: WindowState): WindowState {
  const { x, y, width, height } = state.bounds;
  return {
    bounds: {
      x: Math.round(x),
      y: Math.round(y),
      width: Math.round(width),
      height: Math.round(height),
    },
    maximized: state.maximized,
  };
}
