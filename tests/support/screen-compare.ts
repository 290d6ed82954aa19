/**
 * Reference screenshots: a screen is compared pixel by pixel (`pixelmatch`) with the PNG
 * committed under `tests/e2e/reference-screens/`, within a small tolerance for anti-aliasing,
 * so a layout break fails the test. `ENTENTE_UPDATE_SCREENS=1` writes the references instead
 * (after a deliberate change of the interface: look at each new image before committing it).
 * On a mismatch, the actual image and a diff (changed pixels in red) are written beside each
 * other in a temporary folder the error names.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { Locator, Page } from 'playwright';

/** Where the references are kept. */
export const REFERENCE_DIR = fileURLToPath(new URL('../e2e/reference-screens', import.meta.url));

/** Share of pixels that may differ: text anti-aliasing, never a moved block. */
export const MAX_DIFF_RATIO = 0.002;

/** How two images differ. */
export interface ScreenDiff {
  /** False when the sizes differ (then every pixel counts as different). */
  readonly sameSize: boolean;
  readonly differentPixels: number;
  /** `differentPixels` over the reference's pixel count. */
  readonly ratio: number;
  /** The diff image (PNG), null when the sizes differ. */
  readonly image: Buffer | null;
}

/** Compares two PNGs; `threshold` is pixelmatch's per-pixel colour distance (0–1). */
export function diffPngs(expected: Buffer, actual: Buffer, threshold = 0.1): ScreenDiff {
  const a = PNG.sync.read(expected);
  const b = PNG.sync.read(actual);
  const total = a.width * a.height;
  if (a.width !== b.width || a.height !== b.height)
    return { sameSize: false, differentPixels: total, ratio: 1, image: null };
  const out = new PNG({ width: a.width, height: a.height });
  const differentPixels = pixelmatch(a.data, b.data, out.data, a.width, a.height, { threshold });
  return {
    sameSize: true,
    differentPixels,
    ratio: differentPixels / total,
    image: PNG.sync.write(out),
  };
}

/** Options of {@link expectScreen}. */
export interface ExpectScreenOptions {
  /** Parts painted over in both images (contents that change from run to run). */
  readonly mask?: readonly Locator[];
}

/** Whether this run writes the references rather than checking them. */
export function updatingScreens(): boolean {
  return process.env.ENTENTE_UPDATE_SCREENS === '1';
}

/** A screenshot of the viewport as the comparison takes it: no animation, no caret. */
export function captureScreen(page: Page, options: ExpectScreenOptions = {}): Promise<Buffer> {
  return page.screenshot({
    animations: 'disabled',
    caret: 'hide',
    mask: [...(options.mask ?? [])],
    maskColor: '#ff00ff',
  });
}

/**
 * A screenshot once the screen has settled: `prepare` (wait for the state wanted, fix what
 * varies) runs before each capture, and captures repeat until two in a row are the same —
 * a sync count or a download that changes between the wait and the shot would otherwise
 * make the reference itself a passing state.
 */
export async function stableScreen(
  page: Page,
  prepare: () => Promise<void>,
  options: ExpectScreenOptions = {},
): Promise<Buffer> {
  await prepare();
  let last = await captureScreen(page, options);
  let previous = last;
  for (let attempt = 0; attempt < 10; attempt++) {
    await new Promise((done) => setTimeout(done, 150));
    await prepare();
    const next = await captureScreen(page, options);
    // Equal to the eye of the comparison: Chromium's rasteriser may change a few colour
    // units of anti-aliasing between two captures of the same layout.
    if (next.equals(last) || diffPngs(last, next).differentPixels === 0) return next;
    previous = last;
    last = next;
  }
  const dir = join(tmpdir(), 'entente-screens');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'unsettled.png'), last);
  const diff = diffPngs(previous, last);
  if (diff.image !== null) writeFileSync(join(dir, 'unsettled.diff.png'), diff.image);
  throw new Error(`the screen did not settle: ten captures in a row differed; see ${dir}`);
}

/**
 * Checks the page against the reference `name` (throws with the diff's location when it
 * differs by more than {@link MAX_DIFF_RATIO}), or writes it when updating; `actual`, a capture
 * already taken (`stableScreen`), or one taken now.
 */
export async function expectScreen(
  page: Page,
  name: string,
  options: ExpectScreenOptions & { readonly actual?: Buffer } = {},
): Promise<void> {
  const actual = options.actual ?? (await captureScreen(page, options));
  const reference = join(REFERENCE_DIR, `${name}.png`);
  if (updatingScreens()) {
    mkdirSync(REFERENCE_DIR, { recursive: true });
    writeFileSync(reference, actual);
    return;
  }
  if (!existsSync(reference))
    throw new Error(`no reference screen ${reference}: run with ENTENTE_UPDATE_SCREENS=1`);
  const diff = diffPngs(readFileSync(reference), actual);
  if (diff.ratio <= MAX_DIFF_RATIO) return;
  const dir = join(tmpdir(), 'entente-screens');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.actual.png`), actual);
  if (diff.image !== null) writeFileSync(join(dir, `${name}.diff.png`), diff.image);
  throw new Error(
    diff.sameSize
      ? `screen ${name} differs from its reference in ${diff.differentPixels} pixels ` +
          `(${(diff.ratio * 100).toFixed(2)} %): see ${dir}`
      : `screen ${name} has another size than its reference: see ${dir}`,
  );
}
