/**
 * Electron fuses for the packaged app (Electron security checklist, "Check which fuses you can
 * change"). Fuses are bits in the Electron binary, flipped at packaging time and then covered by
 * the code signature, so a user or malware cannot turn the features back on from outside.
 *
 * This table is the reference; `electron-builder.yml` carries the same values in its
 * `electronFuses` block (the block `fusesYaml()` prints), because electron-builder reads only its
 * own file. electron-builder (a devDependency) flips them with @electron/fuses after packing and
 * before signing. `build/electron-builder-config.test.js` loads the yml through electron-builder's
 * own validation and fails when its block differs from this table or weakens a required fuse;
 * `build/fuses.test.js` keeps the required values here from being weakened.
 *
 * @import { Configuration } from 'electron-builder'
 */

/**
 * electron-builder's `electronFuses` (app-builder-lib `FuseOptionsV1`, whose type documents each
 * fuse), less `resetAdHocDarwinSignature`, a macOS signing switch rather than a fuse.
 * `ELECTRON_FUSES` is typed `Required<…>`: when an electron-builder update learns a new fuse,
 * `tsc -b` fails until the table decides it, so no fuse is left at Electron's default silently.
 *
 * @typedef {Omit<NonNullable<Configuration['electronFuses']>, 'resetAdHocDarwinSignature'>} FuseOptions
 */

/** @type {Readonly<Required<FuseOptions>>} */
export const ELECTRON_FUSES = Object.freeze({
  // Off: anyone who can start the binary with an environment variable gets a Node.js signed
  // with our certificate (a known persistence and TCC-bypass trick on macOS). Also disables
  // `child_process.fork` from main, which the app does not use (utilityProcess would replace it).
  runAsNode: false,
  // On: the app keeps no cookies today, but the relay may set some; it costs nothing.
  enableCookieEncryption: true,
  // Off: `NODE_OPTIONS=--require evil.js` would run code in our main process. Also ignores
  // `NODE_EXTRA_CA_CERTS`, which does not matter here: the relay connection runs in the renderer,
  // on Chromium's network stack and certificate store, not Node's.
  enableNodeOptionsEnvironmentVariable: false,
  // Off: a debugger port on the main process is remote code execution.
  enableNodeCliInspectArguments: false,
  // On, with the next one: the code that runs is the code that was signed. Electron checks it on
  // macOS and Windows (electron-builder records the asar's hash there); Linux has no check yet.
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  // Off: we ship no custom snapshot.
  loadBrowserProcessSpecificV8Snapshot: false,
  // Off: the UI is served from `app://`, never `file://`.
  grantFileProtocolExtraPrivileges: false,
});

/**
 * Values the issue requires ("no run-as-node, no NODE_OPTIONS, asar integrity") plus the ones
 * that close the same doors (inspect arguments, loading code from outside the asar, `file:`).
 * @type {Readonly<Partial<FuseOptions>>}
 */
export const REQUIRED_FUSES = Object.freeze({
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
});

/**
 * The fuses of `config` that are missing or differ from the required value.
 *
 * @param {Readonly<Partial<FuseOptions>> | null | undefined} config e.g. the `electronFuses`
 *   of electron-builder's configuration
 * @returns {string[]}
 */
export function missingFuses(config) {
  /** @type {Readonly<Partial<Record<string, unknown>>>} */
  const given = { ...config };
  return Object.entries(REQUIRED_FUSES)
    .filter(([name, value]) => given[name] !== value)
    .map(([name, value]) => `${name} must be ${value}`);
}

/**
 * The `electronFuses` block for `electron-builder.yml`.
 *
 * @param {Readonly<Required<FuseOptions>>} [fuses]
 * @returns {string}
 */
export function fusesYaml(fuses = ELECTRON_FUSES) {
  return ['electronFuses:', ...Object.entries(fuses).map(([name, on]) => `  ${name}: ${on}`)].join(
    '\n',
  );
}
