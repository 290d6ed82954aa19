/**
 * Whether the member is typing: a key pressed less than {@link TYPING_PAUSE_MS} ago, anywhere in
 * the page. Views that background work keeps changing (the header's offline count) render
 * less often meanwhile: every frame they cause keeps Chromium's frame clock ticking, and a
 * keystroke that arrives while it ticks waits for the next tick to be painted
 * (`npm run bench:client`, "First offline download").
 */

/** A key pressed this recently means the member is typing. */
export const TYPING_PAUSE_MS = 1000;

let lastKeyAt = Number.NEGATIVE_INFINITY;
let listening = false;

/** Starts listening (once per page); capture and passive, so it never delays a keystroke. */
function listen(): void {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  window.addEventListener(
    'keydown',
    () => {
      lastKeyAt = performance.now();
    },
    { capture: true, passive: true },
  );
}

/** True while the member is typing. */
export function isTyping(): boolean {
  listen();
  return performance.now() - lastKeyAt < TYPING_PAUSE_MS;
}
