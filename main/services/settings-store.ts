/**
 * User settings (`contract.ts` `Settings`), kept in `settings.json` in the user-data folder.
 *
 * The file is the contract's settings plus a format version. It is validated with the same
 * schema the IPC uses, so a hand-edited or damaged file can no more smuggle a relay into the CSP
 * than a compromised renderer can. A damaged file is moved aside (see `readJsonFile`) and the
 * app starts from defaults; the user is told through `onCorrupt`.
 */
import { z } from 'zod';
import type { Settings } from '../../shared/ipc/contract.js';
import { settingsSchema } from '../../shared/ipc/validate.js';
import { SerialQueue, readJsonFile, writeFileAtomic } from './atomic-file.js';

/** Version of the settings file format. */
export const SETTINGS_FILE_VERSION = 1;

/** The settings of a first start. */
export const DEFAULT_SETTINGS: Settings = Object.freeze({ relayUrl: null, lastWorkspace: null });

const settingsFileSchema = z.strictObject({
  version: z.literal(SETTINGS_FILE_VERSION),
  settings: settingsSchema,
});

/** The settings in memory, backed by the file. */
export interface SettingsStore {
  /** Current settings (synchronous: the CSP is computed from them on every page load). */
  get(): Settings;
  /** Validates, writes atomically, then makes `next` current; rejects if it cannot be written. */
  replace(next: Settings): Promise<Settings>;
}

/** Where and how to keep the settings. */
export interface SettingsStoreOptions {
  /** Path of `settings.json`. */
  readonly filePath: string;
  /** Settings when the file is missing or damaged; {@link DEFAULT_SETTINGS} by default. */
  readonly defaults?: Settings;
  /** Told when the file was damaged and moved aside. */
  readonly onCorrupt?: (reason: string, backupPath: string | null) => void;
}

/** Loads the settings file (or defaults) and returns the store. */
export async function openSettingsStore(options: SettingsStoreOptions): Promise<SettingsStore> {
  const defaults = settingsSchema.parse(options.defaults ?? DEFAULT_SETTINGS);
  const read = await readJsonFile(options.filePath, settingsFileSchema);
  if (read.kind === 'corrupt') options.onCorrupt?.(read.reason, read.backupPath);
  let current: Settings = read.kind === 'ok' ? read.value.settings : defaults;
  const queue = new SerialQueue();

  return {
    get: () => current,
    replace: (next) =>
      queue.run(async () => {
        const valid = settingsSchema.parse(next);
        const file = { version: SETTINGS_FILE_VERSION, settings: valid };
        await writeFileAtomic(options.filePath, `${JSON.stringify(file, null, 2)}\n`);
        current = Object.freeze(valid);
        return current;
      }),
  };
}
