/**
 * [Issue 9, point 2] `checkInvitation` in real Chromium against the real relay process (started
 * by `tests/support/browser-relay-setup.ts`): the relay's own verdict on a token, carried as a
 * subprotocol — accepted, refused with its reason, or "could not say" when it cannot be reached.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { checkInvitation } from './invitation-check.js';

const relay = inject('ententeRelay');
const control = (what: 'cut' | 'restore') => fetch(`${relay.controlUrl}/${what}`);

/** Base64url of bytes or text. */
function base64Url(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** An HS256 token signed with a secret that is not the relay's: what a forger can make. */
async function forgedToken(claims: Record<string, unknown>): Promise<string> {
  const body = `${base64Url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64Url(JSON.stringify(claims))}`;
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode('not-the-relay-secret-but-32-characters-long'),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = new Uint8Array(
    await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)),
  );
  return `${body}.${base64Url(signature)}`;
}

/** A WebSocket that records the URLs and subprotocols it is opened with. */
function recordingSocket(): { Impl: typeof WebSocket; opened: Array<[string, string[]]> } {
  const opened: Array<[string, string[]]> = [];
  class Recording extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      opened.push([String(url), [protocols ?? []].flat()]);
      super(url, protocols);
    }
  }
  return { Impl: Recording, opened };
}

describe('checkInvitation', () => {
  afterEach(async () => {
    await control('restore');
  });

  it('accepts a token the relay accepts, sent as a subprotocol and never in the URL', async () => {
    const { Impl, opened } = recordingSocket();
    const result = await checkInvitation({
      relay: relay.url,
      workspace: relay.workspace,
      token: relay.tokens.reviewer,
      WebSocketImpl: Impl,
    });
    expect(result).toEqual({ kind: 'accepted' });
    expect(opened).toHaveLength(1);
    const [url, protocols] = opened[0]!;
    expect(url).toBe(`${relay.url}/${relay.workspace}/_index`);
    expect(url).not.toContain(relay.tokens.reviewer);
    expect(url).not.toContain('token');
    expect(protocols).toEqual(['entente.v1', `entente.token.${relay.tokens.reviewer}`]);
  });

  it('reports the relay’s refusal of a forged token, with its reason', async () => {
    const token = await forgedToken({
      sub: 'u-member',
      name: 'Claire Martin',
      org: 'AMF',
      ws: relay.workspace,
      role: 'chair',
      exp: Math.floor(Date.now() / 1000) + 3600,
    });
    const result = await checkInvitation({ relay: relay.url, workspace: relay.workspace, token });
    expect(result).toMatchObject({ kind: 'refused', code: 4401 });
    expect(result.kind === 'refused' && result.reason).toMatch(/signature/);
  });

  it('reports the refusal of an expired token', async () => {
    const result = await checkInvitation({
      relay: relay.url,
      workspace: relay.workspace,
      token: relay.tokens.expired,
    });
    expect(result).toMatchObject({ kind: 'refused', code: 4401 });
    expect(result.kind === 'refused' && result.reason).toMatch(/expired/);
  });

  it('cannot say when the relay is out of reach, or too slow, or the check is abandoned', async () => {
    await control('cut');
    const cut = await checkInvitation({
      relay: relay.proxyUrl,
      workspace: relay.workspace,
      token: relay.tokens.member,
    });
    expect(cut).toEqual({ kind: 'unreachable', cause: 'network' });
    await control('restore');

    const slow = await checkInvitation({
      relay: relay.url,
      workspace: relay.workspace,
      token: relay.tokens.member,
      timeoutMs: 0,
    });
    expect(slow).toEqual({ kind: 'unreachable', cause: 'timeout' });

    const abort = new AbortController();
    const pending = checkInvitation({
      relay: relay.url,
      workspace: relay.workspace,
      token: relay.tokens.member,
      signal: abort.signal,
    });
    abort.abort();
    expect(await pending).toEqual({ kind: 'unreachable', cause: 'aborted' });

    // And once the relay is back, the same invitation checks out.
    const back = await checkInvitation({
      relay: relay.proxyUrl,
      workspace: relay.workspace,
      token: relay.tokens.member,
    });
    expect(back).toEqual({ kind: 'accepted' });
  });

  it('refuses on its own side what could not even be sent, and a bad relay address', async () => {
    expect(
      await checkInvitation({ relay: relay.url, workspace: relay.workspace, token: 'a b' }),
    ).toMatchObject({ kind: 'refused' });
    expect(
      await checkInvitation({
        relay: 'http://example.org',
        workspace: relay.workspace,
        token: relay.tokens.member,
      }),
    ).toEqual({ kind: 'unreachable', cause: 'network' });
  });
});
