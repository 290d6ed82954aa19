import { describe, expect, it } from 'vitest';
import {
  MAX_JOIN_TOKEN_LENGTH,
  MAX_LINK_LENGTH,
  formatEntenteLink,
  isJoinToken,
  looksLikeEntenteLink,
  parseEntenteLink,
  type LinkResult,
  type OpenLinkTarget,
} from './links.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJ3cyI6ImNvbWl0ZSJ9.c2lnbmF0dXJlLWJ5dGVz';
const RELAY = 'wss://relay.entente.example/sync';

function refused(result: LinkResult): string {
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.reason;
}

describe('parseEntenteLink accepts the three kinds', () => {
  it('workspace', () => {
    expect(parseEntenteLink('entente://workspace/comite-numerique')).toEqual({
      ok: true,
      target: { kind: 'workspace', workspace: 'comite-numerique' },
    });
  });

  it('document', () => {
    expect(parseEntenteLink('entente://document/comite/charte_2026')).toEqual({
      ok: true,
      target: { kind: 'document', workspace: 'comite', document: 'charte_2026' },
    });
  });

  it('join, relay percent-encoded, parameters in either order', () => {
    const encoded = encodeURIComponent(RELAY);
    const expected = { ok: true, target: { kind: 'join', relay: RELAY, token: TOKEN } };
    expect(parseEntenteLink(`entente://join?relay=${encoded}&token=${TOKEN}`)).toEqual(expected);
    expect(parseEntenteLink(`entente://join/?token=${TOKEN}&relay=${encoded}`)).toEqual(expected);
  });

  it('join normalises the relay URL (case, default port)', () => {
    const link = `entente://join?relay=${encodeURIComponent('WSS://Relay.Example:443')}&token=${TOKEN}`;
    const result = parseEntenteLink(link);
    expect(result.ok && result.target).toEqual({
      kind: 'join',
      relay: 'wss://relay.example/',
      token: TOKEN,
    });
  });

  it('a scheme in any case, and one trailing slash that launchers add', () => {
    expect(parseEntenteLink('ENTENTE://workspace/w/').ok).toBe(true);
    expect(parseEntenteLink('Entente://document/w/d/').ok).toBe(true);
  });
});

describe('parseEntenteLink refuses anything malformed', () => {
  it.each([
    ['other scheme', 'https://workspace/w'],
    ['no slashes', 'entente:workspace/w'],
    ['empty', 'entente://'],
    ['unknown kind', 'entente://delete/w'],
    ['kind in upper case', 'entente://WORKSPACE/w'],
    ['missing id', 'entente://workspace/'],
    ['missing document', 'entente://document/w'],
    ['extra segment', 'entente://workspace/w/d'],
    ['document with three ids', 'entente://document/w/d/e'],
    ['two trailing slashes', 'entente://workspace/w//'],
    ['dot segment', 'entente://document/w/..'],
    ['traversal', 'entente://document/../etc'],
    ['reserved id prefix', 'entente://document/w/_review'],
    ['percent-encoded id', 'entente://workspace/w%2Fd'],
    ['non-ASCII id', 'entente://workspace/comité'],
    ['id too long', `entente://workspace/${'a'.repeat(65)}`],
    ['query on a workspace link', 'entente://workspace/w?x=1'],
    ['fragment', 'entente://workspace/w#top'],
    ['blank', 'entente://workspace/w x'],
    ['newline', 'entente://workspace/w\n'],
    ['leading blank', ' entente://workspace/w'],
    ['NUL', 'entente://workspace/w\u0000'],
  ])('%s', (_name, link) => {
    expect(refused(parseEntenteLink(link))).not.toBe('');
  });

  it('longer than MAX_LINK_LENGTH, before parsing', () => {
    expect(refused(parseEntenteLink(`entente://workspace/${'a'.repeat(MAX_LINK_LENGTH)}`))).toBe(
      'link too long',
    );
  });
});

describe('parseEntenteLink refuses a bad join link', () => {
  const relay = encodeURIComponent(RELAY);
  it.each([
    ['no parameters', 'entente://join'],
    ['empty query', 'entente://join?'],
    ['no token', `entente://join?relay=${relay}`],
    ['no relay', `entente://join?token=${TOKEN}`],
    ['repeated relay', `entente://join?relay=${relay}&relay=${relay}&token=${TOKEN}`],
    ['unknown parameter', `entente://join?relay=${relay}&token=${TOKEN}&next=x`],
    ['empty parameter', `entente://join?relay=${relay}&&token=${TOKEN}`],
    ['path after join', `entente://join/x?relay=${relay}&token=${TOKEN}`],
    ['ws: to another host', `entente://join?relay=ws%3A%2F%2Fevil.example&token=${TOKEN}`],
    ['https relay', `entente://join?relay=https%3A%2F%2Frelay.example&token=${TOKEN}`],
    ['relay with credentials', `entente://join?relay=wss%3A%2F%2Fa%3Ab%40r.example&token=${TOKEN}`],
    ['relay with query', `entente://join?relay=wss%3A%2F%2Fr.example%2F%3Ft%3D1&token=${TOKEN}`],
    ['bad percent-encoding', `entente://join?relay=%E0%A4%A&token=${TOKEN}`],
    ['token not a JWT', `entente://join?relay=${relay}&token=abc`],
    ['token with padding', `entente://join?relay=${relay}&token=${TOKEN}=`],
    ['token with +', `entente://join?relay=${relay}&token=a+b.c.d`],
  ])('%s', (_name, link) => {
    expect(refused(parseEntenteLink(link))).not.toBe('');
  });

  it('a token longer than the relay accepts', () => {
    const long = `a.${'b'.repeat(MAX_JOIN_TOKEN_LENGTH)}.c`;
    expect(isJoinToken(long)).toBe(false);
    expect(refused(parseEntenteLink(`entente://join?relay=${relay}&token=${long}`))).toBe(
      'invalid join token',
    );
  });
});

describe('formatEntenteLink', () => {
  const targets: OpenLinkTarget[] = [
    { kind: 'workspace', workspace: 'comite' },
    { kind: 'document', workspace: 'comite', document: 'charte-2026' },
    { kind: 'join', relay: 'wss://relay.example:8443/a/b', token: TOKEN },
    { kind: 'join', relay: 'ws://127.0.0.1:1234/', token: TOKEN },
  ];

  it.each(targets)('round-trips $kind', (target) => {
    const link = formatEntenteLink(target);
    expect(looksLikeEntenteLink(link)).toBe(true);
    expect(parseEntenteLink(link)).toEqual({ ok: true, target });
  });
});
