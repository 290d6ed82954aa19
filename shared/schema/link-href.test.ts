import { describe, expect, it } from 'vitest';
import { isSafeLinkHref, MAX_LINK_HREF_LENGTH, safeLinkHref } from './link-href.js';

describe('safeLinkHref', () => {
  it('keeps absolute https, http and mailto addresses, in the URL parser’s normal form', () => {
    expect(safeLinkHref('https://ecolenumerique.education.gouv.fr/')).toBe(
      'https://ecolenumerique.education.gouv.fr/',
    );
    expect(safeLinkHref('HTTPS://Example.ORG/a?b=c#d')).toBe('https://example.org/a?b=c#d');
    expect(safeLinkHref('http://intranet.example.org/charte')).toBe(
      'http://intranet.example.org/charte',
    );
    expect(safeLinkHref('mailto:secretariat@example.org?subject=Charte')).toBe(
      'mailto:secretariat@example.org?subject=Charte',
    );
  });

  it('refuses schemes that run code, load data or reach the machine', () => {
    for (const href of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://example.org/',
      'tel:+33100000000',
      'blob:https://example.org/0000',
    ]) {
      expect(safeLinkHref(href), href).toBeNull();
    }
  });

  it('refuses empty, relative and host-less addresses (they point back into the app)', () => {
    for (const href of ['', '#', '#main', '/', '/charte', './x', '../x', '//evil.example/', '?q']) {
      expect(safeLinkHref(href), href).toBeNull();
    }
    expect(safeLinkHref('mailto:')).toBeNull();
    expect(safeLinkHref('https://')).toBeNull();
  });

  it('refuses a scheme hidden behind spaces or invisible characters instead of repairing it', () => {
    for (const href of [
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0000javascript:alert(1)',
      'https://example.org/ ',
      '\u200bhttps://example.org/',
      'https://exa\u200dmple.org/',
      '\ufeffhttps://example.org/',
      'https://example.org/\u202e',
      'https://example.org/\u00a0x',
    ]) {
      expect(safeLinkHref(href), JSON.stringify(href)).toBeNull();
    }
  });

  it('refuses credentials, which only serve to disguise the host', () => {
    expect(safeLinkHref('https://banque.fr@evil.example/')).toBeNull();
    expect(safeLinkHref('https://user:secret@example.org/')).toBeNull();
  });

  it('refuses what is not a string, and overlong addresses', () => {
    for (const value of [null, undefined, 42, {}, ['https://example.org/'], true]) {
      expect(safeLinkHref(value)).toBeNull();
    }
    const long = `https://example.org/${'a'.repeat(MAX_LINK_HREF_LENGTH)}`;
    expect(safeLinkHref(long)).toBeNull();
    expect(isSafeLinkHref('https://example.org/')).toBe(true);
    expect(isSafeLinkHref('javascript:alert(1)')).toBe(false);
  });
});
