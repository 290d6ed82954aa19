/** Whether the member is typing (`typing-activity.ts`): a key pressed in the last second. */
import { describe, expect, it } from 'vitest';
import { isTyping, TYPING_PAUSE_MS } from './typing-activity.js';

describe('isTyping', () => {
  it('is true right after a key is pressed anywhere in the page, false a pause later', async () => {
    isTyping();
    await new Promise((ok) => setTimeout(ok, TYPING_PAUSE_MS + 20));
    expect(isTyping()).toBe(false);
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    expect(isTyping()).toBe(true);
    await new Promise((ok) => setTimeout(ok, TYPING_PAUSE_MS + 20));
    expect(isTyping()).toBe(false);
  });
});
