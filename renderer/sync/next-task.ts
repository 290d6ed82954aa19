/**
 * Runs a callback in a task of its own, after the current one.
 *
 * Why: writes to IndexedDB started inside a keystroke's input task (Dexie builds a transaction
 * on the main thread, about a millisecond each) delay the frame that shows the character. After
 * a discrete input event Chromium renders the pending frame before running the next ordinary
 * task, so work queued here leaves the keystroke's paint alone (`npm run bench:client`).
 * A `MessageChannel` rather than `setTimeout`: timers of a hidden window are throttled to once a
 * second or less, and remote edits received while the app sits in the background must still be
 * written within milliseconds.
 */
export function nextTask(run: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    run();
  };
  channel.port2.postMessage(null);
}
