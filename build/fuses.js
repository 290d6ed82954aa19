/**
 * Electron fuses for the packaged app (Electron security checklist, "Check which fuses you can
 * change"). Fuses are bits in the Electron binary, flipped at packaging time and then covered by
 * the code signature, so a user or malware cannot turn the features back on from outside.
 *
 * The table uses electron-builder's `electronFuses` keys (app-builder-lib `FuseOptionsV1`,
 * electron-builder ≥ 25.1, which flips them with @electron/fuses after packing and before
 * signing). Neither electron-builder nor @electron/fuses is installed on our build machines yet,
 * so nothing applies this table today: `electron-builder.yml` must gain the block that
 * `fusesYaml()` prints (see main/CONTEXT.md). Until then, `build/fuses.test.js` keeps the
 * required values from being weakened.
 */

/**
 * @typedef {object} FuseOptions electron-builder's `electronFuses` (FuseOptionsV1).
 * @property {boolean} runAsNode `ELECTRON_RUN_AS_NODE` turns the app into a plain Node.js.
 * @property {boolean} enableCookieEncryption Chromium's cookie store encrypted with the OS keychain.
 * @property {boolean} enableNodeOptionsEnvironmentVariable `NODE_OPTIONS` (e.g. `--require`) honoured.
 * @property {boolean} enableNodeCliInspectArguments `--inspect` and friends honoured.
 * @property {boolean} enableEmbeddedAsarIntegrityValidation `app.asar` checked against its hash.
 * @property {boolean} onlyLoadAppFromAsar the app is loaded from `app.asar` only.
 * @property {boolean} loadBrowserProcessSpecificV8Snapshot separate V8 snapshot for main.
 * @property {boolean} grantFileProtocolExtraPrivileges `file:` pages get legacy extra privileges.
 */

/** @type {Readonly<FuseOptions>} */
export const ELECTRON_FUSES = Object.freeze({
  // Off: anyone who can start the binary with an environment variable gets a Node.js signed
  // with our certificate (a known persistence and TCC-bypass trick on macOS).
  runAsNode: false,
  // On: the app keeps no cookies today, but the relay may set some; it costs nothing.
  enableCookieEncryption: true,
  // Off: `NODE_OPTIONS=--require evil.js` would run code in our main process.
  enableNodeOptionsEnvironmentVariable: false,
  // Off: a debugger port on the main process is remote code execution.
  enableNodeCliInspectArguments: false,
  // On, with the next one: the code that runs is the code that was signed.
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
 * @param {Readonly<Partial<Record<string, unknown>>>} config
 * @returns {string[]}
 */
export function missingFuses(config) {
  return Object.entries(REQUIRED_FUSES)
    .filter(([name, value]) => config[name] !== value)
    .map(([name, value]) => `${name} must be ${value}`);
}

/**
 * The `electronFuses` block for `electron-builder.yml`.
 *
 * @param {Readonly<FuseOptions>} [fuses]
 * @returns {string}
 */
export function fusesYaml(fuses = ELECTRON_FUSES) {
  return ['electronFuses:', ...Object.entries(fuses).map(([name, on]) => `  ${name}: ${on}`)].join(
    '\n',
  );
}
