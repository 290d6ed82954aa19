/** Polls `check` every few milliseconds until it holds; rejects naming `what` after the timeout. */
export async function waitFor(
  check: () => boolean,
  what: string,
  timeoutMs = 10_000,
  everyMs = 10,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, everyMs));
  }
}
