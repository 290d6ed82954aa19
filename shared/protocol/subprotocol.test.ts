import { describe, expect, it } from 'vitest';
import { ENTENTE_SUBPROTOCOL, readOfferedProtocols, subprotocolsFor } from './subprotocol.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJlX2hlcmU-_w';

describe('the token as a subprotocol', () => {
  it('is offered after entente.v1 and read back whole', () => {
    const offered = subprotocolsFor(JWT);
    expect(offered).toEqual([ENTENTE_SUBPROTOCOL, `entente.token.${JWT}`]);
    expect(readOfferedProtocols(offered)).toEqual({ entente: true, token: JWT, ambiguous: false });
  });

  it('reads the values of a header split on commas, with their spaces', () => {
    const header = ` entente.v1 , entente.token.${JWT}`;
    expect(readOfferedProtocols(header.split(','))).toMatchObject({ entente: true, token: JWT });
  });

  it('says when nothing, or two tokens, were offered', () => {
    expect(readOfferedProtocols([''])).toEqual({ entente: false, token: null, ambiguous: false });
    expect(readOfferedProtocols(['entente.token.a', 'entente.token.b']).ambiguous).toBe(true);
  });

  it('refuses a token that a header could not carry (spaces, commas, non-ASCII)', () => {
    expect(() => subprotocolsFor('a b')).toThrow(TypeError);
    expect(() => subprotocolsFor('a,b')).toThrow(TypeError);
    expect(() => subprotocolsFor('jeton-é')).toThrow(TypeError);
  });
});
