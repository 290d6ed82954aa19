/**
 * How every test starts Chromium: Debian's build (Playwright cannot download its own browsers
 * on our machines), with no sandbox or GPU (containers offer neither) and no network chatter
 * (no QUIC, no component, sync or background traffic — only loopback is reachable).
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Command-line flags for headless Chromium in tests. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
