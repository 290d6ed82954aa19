import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from '../protocol/app-origin.js';
import {
  GRANTED_PERMISSIONS,
  buildCsp,
  buildWebPreferences,
  isPermissionGranted,
  isTrustedSender,
  navigationDecision,
  redirectDecision,
  relayOriginsOf,
  safeExternalUrl,
  windowOpenDecision,
} from './security.js';

describe('isAppUrl', () => {
  it('accepts pages of app://entente only', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://entente/assets/index-abc.js')).toBe(true);
    for (const url of [
      'app://entente.evil/index.html',
      'app://evil/index.html',
      'app://entente:8080/index.html',
      'app://user@entente/index.html',
      'file:///app/index.html',
      'https://entente/index.html',
      'about:blank',
      'app:entente/index.html',
      'not a url',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('safeExternalUrl', () => {
  it('passes https and mailto, re-serialised', () => {
    expect(safeExternalUrl('https://example.org/a b')).toBe('https://example.org/a%20b');
    expect(safeExternalUrl('HTTPS://Example.org')).toBe('https://example.org/');
    expect(safeExternalUrl('mailto:secretariat@example.org?subject=Charte&body=Bonjour')).toBe(
      'mailto:secretariat@example.org?subject=Charte&body=Bonjour',
    );
  });

  it.each([
    ['http', 'http://example.org'],
    ['file', 'file:///etc/passwd'],
    ['UNC via file', 'file://server/share/x.exe'],
    ['smb', 'smb://server/share'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['our own scheme', 'entente://workspace/w'],
    ['credentials', 'https://user:pass@example.org'],
    ['mailto attachment', 'mailto:a@example.org?attach=/etc/passwd'],
    ['mailto attachment, other case', 'mailto:a@example.org?ATTACHMENT=C:\\x'],
    ['relative', '/index.html'],
    ['too long', `https://example.org/${'a'.repeat(5000)}`],
  ])('refuses %s', (_name, url) => {
    expect(safeExternalUrl(url)).toBeNull();
  });
});

describe('navigation and windows', () => {
  it('navigation inside the app is allowed', () => {
    expect(navigationDecision('app://entente/index.html#/w/d')).toEqual({ action: 'allow' });
    expect(redirectDecision('app://entente/index.html')).toEqual({ action: 'allow' });
    expect(windowOpenDecision('app://entente/index.html')).toEqual({ action: 'allow' });
  });

  it('an https link the user clicked opens in the browser, the window stays', () => {
    expect(navigationDecision('https://example.org/charte')).toEqual({
      action: 'deny',
      openExternally: 'https://example.org/charte',
    });
    expect(windowOpenDecision('https://example.org/')).toEqual({
      action: 'deny',
      openExternally: 'https://example.org/',
    });
  });

  it('a redirect is never forwarded to the browser', () => {
    expect(redirectDecision('https://example.org/')).toEqual({
      action: 'deny',
      openExternally: null,
    });
  });

  it('other schemes are refused outright', () => {
    for (const url of ['file:///etc/passwd', 'http://example.org', 'javascript:alert(1)']) {
      expect(navigationDecision(url)).toEqual({ action: 'deny', openExternally: null });
      expect(windowOpenDecision(url)).toEqual({ action: 'deny', openExternally: null });
    }
  });
});

describe('isTrustedSender', () => {
  it('trusts the main frame of an app page only', () => {
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: null })).toBe(true);
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'app://entente.evil/', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});

describe('permissions', () => {
  it('are all denied', () => {
    expect(GRANTED_PERMISSIONS.size).toBe(0);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid']) {
      expect(isPermissionGranted(permission)).toBe(false);
    }
  });
});

describe('buildWebPreferences', () => {
  it('sets every security preference explicitly', () => {
    const preferences = buildWebPreferences({ preloadPath: '/app/preload.cjs', devTools: false });
    expect(preferences).toMatchObject({
      preload: '/app/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    expect(preferences).not.toHaveProperty('enableBlinkFeatures');
  });
});

describe('buildCsp', () => {
  const directives = (csp: string) =>
    new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const));

  it('is strict without a relay', () => {
    expect(buildCsp({ relayOrigins: [] })).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; " +
        "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; " +
        "media-src 'self' blob:; manifest-src 'self'; object-src 'none'; frame-src 'none'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('connects to the relay origins only (ws and the same host over http, for /healthz), once each', () => {
    const csp = directives(
      buildCsp({ relayOrigins: ['wss://relay.example', 'wss://relay.example', 'ws://[::1]:1234'] }),
    );
    expect(csp.get('connect-src')).toEqual([
      "'self'",
      'wss://relay.example',
      'https://relay.example',
      'ws://[::1]:1234',
      'http://[::1]:1234',
    ]);
  });

  it('never allows inline or eval scripts', () => {
    const csp = buildCsp({ relayOrigins: ['wss://relay.example'] });
    expect(directives(csp).get('script-src')).toEqual(["'self'"]);
    expect(csp).not.toMatch(/unsafe-eval|wasm-unsafe-eval|'unsafe-hashes'|\*/);
    expect(directives(csp).get('style-src')).toEqual(["'self'"]);
  });

  it.each([
    "wss://relay.example; script-src 'unsafe-inline'",
    'wss://relay.example/path',
    'https://relay.example',
    "wss://relay.example'",
    'wss://*.example',
    'WSS://relay.example',
  ])('refuses to build with %s', (origin) => {
    expect(() => buildCsp({ relayOrigins: [origin] })).toThrow(/not a relay origin/);
  });

  it('relayOriginsOf gives the origin of a valid relay URL', () => {
    expect(relayOriginsOf('wss://relay.example:8443/sync')).toEqual(['wss://relay.example:8443']);
    expect(relayOriginsOf(null)).toEqual([]);
    expect(relayOriginsOf('http://relay.example')).toEqual([]);
  });
});
