import { describe, expect, it } from 'vitest';
import { MAX_RELAY_URL_LENGTH, hasBlankOrControl, isRelayUrl, parseRelayUrl } from './relay-url.js';

describe('parseRelayUrl accepts secure relays and local development relays', () => {
  it.each([
    ['wss://relay.example/sync', 'wss://relay.example/sync', 'wss://relay.example'],
    ['wss://relay.example:8443', 'wss://relay.example:8443/', 'wss://relay.example:8443'],
    ['WSS://Relay.EXAMPLE:443/', 'wss://relay.example/', 'wss://relay.example'],
    ['ws://localhost:1234', 'ws://localhost:1234/', 'ws://localhost:1234'],
    ['ws://127.0.0.1:1234/r', 'ws://127.0.0.1:1234/r', 'ws://127.0.0.1:1234'],
    ['ws://[::1]:1234', 'ws://[::1]:1234/', 'ws://[::1]:1234'],
    ['wss://10.0.0.5', 'wss://10.0.0.5/', 'wss://10.0.0.5'],
    ['wss://comité.example', 'wss://xn--comit-fsa.example/', 'wss://xn--comit-fsa.example'],
  ])('%s', (input, url, origin) => {
    expect(parseRelayUrl(input)).toEqual({ ok: true, url, origin });
  });
});

describe('parseRelayUrl refuses', () => {
  it.each([
    ['empty', ''],
    ['not a URL', 'relay.example'],
    ['https', 'https://relay.example'],
    ['http', 'http://localhost:1234'],
    ['javascript', 'javascript:alert(1)'],
    ['ws: to a remote host', 'ws://relay.example'],
    ['ws: to a host that only starts like localhost', 'ws://localhost.evil.example'],
    ['credentials', 'wss://user:pass@relay.example'],
    ['user only', 'wss://user@relay.example'],
    ['query', 'wss://relay.example/?token=x'],
    ['empty query', 'wss://relay.example/?'],
    ['fragment', 'wss://relay.example/#x'],
    ['surrounding blank', ' wss://relay.example'],
    ['tab inside', 'wss://relay.\texample'],
    ['CSP injection attempt', "wss://relay.example; script-src 'unsafe-inline'"],
    ['semicolon in host', 'wss://relay.example;script-src/'],
    ['quote in host', "wss://a'b.example"],
    ['comma in host', 'wss://a,b.example'],
    ['wildcard host', 'wss://*.example'],
    ['empty label', 'wss://a..example'],
  ])('%s', (_name, input) => {
    const result = parseRelayUrl(input);
    expect(result.ok).toBe(false);
    expect(isRelayUrl(input)).toBe(false);
  });

  it(`longer than ${MAX_RELAY_URL_LENGTH} characters`, () => {
    expect(parseRelayUrl(`wss://r.example/${'a'.repeat(MAX_RELAY_URL_LENGTH)}`)).toEqual({
      ok: false,
      reason: 'relay URL too long',
    });
  });
});

describe('hasBlankOrControl', () => {
  it('finds spaces, C0 controls, DEL and Unicode blanks', () => {
    for (const text of ['a b', 'a\u0000', 'a\u001f', 'a\u007f', 'a\u00a0', 'a\u2028', 'a\ufeff']) {
      expect(hasBlankOrControl(text), JSON.stringify(text)).toBe(true);
    }
    expect(hasBlankOrControl('wss://relay.example/a-b_c')).toBe(false);
  });
});
