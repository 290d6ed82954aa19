/**
 * Type test, checked by `tsc -b` (`renderer/tsconfig.test.json`) and run in Chromium: the web
 * bridge is the contract's `EntenteBridge`, member for member, like the preload's
 * (`main/preload/bridge.types.test.ts`).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { EntenteBridge, OpenLinkTarget, Unsubscribe } from '../../shared/ipc/contract.js';
import { createWebBridge, isSafeExternalUrl, linkFromHash } from './web-bridge.js';

describe('web bridge', () => {
  it('is the contract’s EntenteBridge', () => {
    expectTypeOf<ReturnType<typeof createWebBridge>>().toExtend<EntenteBridge>();
    expectTypeOf<EntenteBridge>().toExtend<ReturnType<typeof createWebBridge>>();
    expectTypeOf<ReturnType<typeof createWebBridge>['links']['onOpenLink']>().toEqualTypeOf<
      (listener: (payload: OpenLinkTarget) => void) => Unsubscribe
    >();
  });

  it('opens only https and mailto links', async () => {
    const opened: string[] = [];
    const bridge = createWebBridge(
      {
        localStorage: window.localStorage,
        location: window.location,
        history: window.history,
        navigator: window.navigator,
        open: (url) => opened.push(url),
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        document: window.document,
      },
      'test',
    );
    expect(await bridge.app.openExternal('javascript:alert(1)')).toBe(false);
    expect(await bridge.app.openExternal('file:///etc/passwd')).toBe(false);
    expect(await bridge.app.openExternal('https://example.org/')).toBe(true);
    expect(opened).toEqual(['https://example.org/']);
    expect(isSafeExternalUrl('mailto:a@example.org')).toBe(true);
  });

  it('reports a thawed page as a resume (the sync engine reconnects at once)', () => {
    const bridge = createWebBridge(window, 'test');
    const seen: string[] = [];
    const stop = bridge.app.onResume((event) => seen.push(event.reason));
    document.dispatchEvent(new Event('resume'));
    stop();
    document.dispatchEvent(new Event('resume'));
    expect(seen).toEqual(['resume']);
  });

  it('validates settings and reads links from the hash', async () => {
    window.localStorage.removeItem('entente.settings');
    const bridge = createWebBridge(window, 'test');
    await expect(bridge.settings.set({ relayUrl: 'http://evil.example' })).rejects.toThrow();
    const update = await bridge.settings.set({ lastWorkspace: 'comite' });
    expect(update.settings).toEqual({ relayUrl: null, lastWorkspace: 'comite' });
    window.localStorage.setItem('entente.settings', '{"relayUrl":"ftp://x","lastWorkspace":"a/b"}');
    expect(await bridge.settings.get()).toEqual({ relayUrl: null, lastWorkspace: null });
    const hash = `#open=${encodeURIComponent('entente://document/comite/charte')}`;
    expect(linkFromHash(hash)).toEqual({
      kind: 'document',
      workspace: 'comite',
      document: 'charte',
    });
    expect(linkFromHash('#/doc/x')).toBeNull();
  });
});
