import { describe, expect, it } from 'vitest';
import { decodePathSegments } from './path-segments.js';

describe('decodePathSegments', () => {
  it('maps / to the index file and decodes each segment once', () => {
    expect(decodePathSegments('/', 'index.html')).toEqual(['index.html']);
    expect(decodePathSegments('/assets/a%20b.js', 'index.html')).toEqual(['assets', 'a b.js']);
    expect(decodePathSegments('/%252e%252e', 'index.html')).toEqual(['%2e%2e']);
  });

  it.each(['/a//b', '/.', '/..', '/%2e%2e/x', '/a%2fb', '/a%5cb', '/c:', '/a%00', '/%E0%A4%A'])(
    'refuses %s',
    (pathname) => {
      expect(decodePathSegments(pathname, 'index.html')).toBeNull();
    },
  );
});
