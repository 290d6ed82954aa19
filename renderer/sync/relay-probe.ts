/**
 * Is the relay reachable again? Asked over HTTP before the committee link tries another
 * WebSocket, once attempts have been failing.
 *
 * Why not just try the WebSocket: Chromium delays a page's new WebSocket connections after
 * failed ones (its network service throttles them per renderer). Measured here with a relay out
 * of reach: the first 8 attempts in a row failed within 40 ms, then each took 0.1–5 s to fail,
 * and the first attempt once the relay was back opened only after 4.8 s. A link retrying every
 * second ran into that delay after any outage of more than a few seconds, and the member's
 * changes waited for it (`npm run bench:client`, "Network back"). A `fetch` is not throttled
 * that way: it fails at once while the relay is away and succeeds as soon as it is back, and
 * the WebSocket that follows finds few failures on record.
 *
 * The probe is `GET <relay>/healthz` (the relay’s liveness, README "Operations"), in
 * `no-cors` mode: any HTTP answer, opaque as it is, means the relay's host answers. The page's
 * CSP allows it: main's `buildCsp` adds the relay's http(s) origin beside its ws(s) one.
 */

/** Failed WebSocket attempts in a row after which the link probes before the next one. */
export const PROBE_AFTER_FAILURES = 2;

/**
 * Failed probes in a row after which the link tries the WebSocket anyway (then probes again): a
 * proxy that answers WebSockets but not `/healthz`, or a policy that blocks the probe, must
 * never keep the link down.
 */
export const MAX_FAILED_PROBES = 10;

/** Longest wait for the probe's answer. */
export const PROBE_TIMEOUT_MS = 3000;

/** Answers whether the relay at `url` (its ws(s) base URL) is reachable now. */
export type RelayProbe = (url: string) => Promise<boolean>;

/** The relay's `/healthz` URL for its ws(s) base URL, or null for another scheme. */
export function healthUrlOf(serverUrl: string): string | null {
  const match = /^(wss?):\/\/(.+?)\/*$/i.exec(serverUrl);
  if (match === null) return null;
  const scheme = match[1]!.toLowerCase() === 'wss' ? 'https' : 'http';
  return `${scheme}://${match[2]!}/healthz`;
}

/** The default probe: `fetch` of `/healthz`, no-cors, no cache, within the timeout. */
export const fetchRelayProbe: RelayProbe = async (serverUrl) => {
  const url = healthUrlOf(serverUrl);
  if (url === null) return true;
  try {
    await fetch(url, {
      mode: 'no-cors',
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    return true;
  } catch {
    return false;
  }
};
