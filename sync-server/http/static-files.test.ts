import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultWebRoot,
  isInside,
  mimeTypeOf,
  openWebRoot,
  resolveWebPath,
  serveWebApp,
  webAppCsp,
  webAppHeaders,
} from './static-files.js';

const ROOT = path.resolve('/srv/web');

describe('resolveWebPath', () => {
  it.each([
    ['/', 'index.html', false],
    ['/?room=comite', 'index.html', false],
    ['/assets/index-abc.js', 'assets/index-abc.js', false],
    ['/assets/index-abc.js?v=1#x', 'assets/index-abc.js', false],
    ['/a%20b.css', 'a b.css', false],
    ['/documents/42', 'documents/42', true],
    ['/%C3%A9t%C3%A9', 'été', true],
  ])('%s → %s (fallback %s)', (target, file, fallback) => {
    expect(resolveWebPath(target, 'GET', ROOT)).toEqual({
      ok: true,
      filePath: path.join(ROOT, file),
      fallback,
    });
  });

  it.each([
    '/..',
    '/../etc/passwd',
    '/a/../../etc/passwd',
    '/a/./b',
    '/%2e%2e/',
    '/%2E%2E/etc/passwd',
    '/%2e/index.html',
    '/..%2f..%2fetc/passwd',
    '/..%2F..%2Fetc%2Fpasswd',
    '/assets%2findex.js',
    '/..%5c..%5cwindows',
    '/a\\b',
    '/C:/Windows',
    '/c%3a/windows',
    '/index.html%00.js',
    '/a%0Ab',
    '//etc/passwd',
    '/assets/',
    '/%',
    '/%E0%A4%A',
    'http://evil.example/index.html',
    '*',
    '',
    `/${'a'.repeat(3000)}`,
  ])('refuses %j with 400', (target) => {
    expect(resolveWebPath(target, 'GET', ROOT)).toEqual({ ok: false, status: 400 });
  });

  it('accepts HEAD, refuses other methods with 405 before looking at the path', () => {
    expect(resolveWebPath('/', 'HEAD', ROOT).ok).toBe(true);
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'get']) {
      expect(resolveWebPath('/../x', method, ROOT)).toEqual({ ok: false, status: 405 });
    }
  });

  it('decodes once: a double-encoded dot segment is a plain (missing) file name', () => {
    expect(resolveWebPath('/%252e%252e/x', 'GET', ROOT)).toEqual({
      ok: true,
      filePath: path.join(ROOT, '%2e%2e', 'x'),
      fallback: true,
    });
  });
});

describe('isInside', () => {
  it('tells a child from a sibling with a common prefix', () => {
    expect(isInside('/srv/web', '/srv/web')).toBe(true);
    expect(isInside('/srv/web', '/srv/web/a/b')).toBe(true);
    expect(isInside('/srv/web', '/srv/web-secret/a')).toBe(false);
    expect(isInside('/srv/web', '/srv')).toBe(false);
    expect(isInside('/srv/web', '/srv/web/..foo')).toBe(true);
  });
});

describe('MIME types', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.js', 'text/javascript; charset=utf-8'],
    ['a.mjs', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.json', 'application/json; charset=utf-8'],
    ['a.js.map', 'application/json; charset=utf-8'],
    ['a.svg', 'image/svg+xml'],
    ['a.PNG', 'image/png'],
    ['a.woff2', 'font/woff2'],
    ['favicon.ico', 'image/x-icon'],
    ['a.wasm', 'application/wasm'],
    ['a.exe', 'application/octet-stream'],
    ['README', 'application/octet-stream'],
  ])('%s → %s', (file, type) => {
    expect(mimeTypeOf(file)).toBe(type);
  });
});

describe('webAppCsp', () => {
  const directives = (csp: string) =>
    new Map(
      csp.split('; ').map((d) => {
        const [name = '', ...values] = d.split(' ');
        return [name, values];
      }),
    );

  it('is strict and lets the app connect back to the relay over ws and wss', () => {
    const csp = directives(webAppCsp('relay.example.org:1234'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.get('font-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual([
      "'self'",
      'ws://relay.example.org:1234',
      'wss://relay.example.org:1234',
    ]);
    for (const name of ['object-src', 'base-uri', 'frame-ancestors', 'form-action']) {
      expect(csp.get(name)).toEqual(["'none'"]);
    }
  });

  it.each(['127.0.0.1:8080', 'localhost', '[::1]:1234', 'Relay.Example'])(
    'accepts the Host %j',
    (host) => {
      expect(directives(webAppCsp(host)).get('connect-src')).toEqual([
        "'self'",
        `ws://${host.toLowerCase()}`,
        `wss://${host.toLowerCase()}`,
      ]);
    },
  );

  it.each([
    undefined,
    '',
    'evil.example; script-src *',
    "evil.example 'unsafe-inline'",
    'evil.example,*',
    'a.example:1234/path',
    'user@a.example',
    '*',
    'a.example:99999999',
    '-a.example',
    'a..example',
    '[::1',
    'a.example\r\nSet-Cookie: x=1',
  ])('adds no relay source for the Host %j', (host) => {
    const csp = webAppCsp(host);
    expect(directives(csp).get('connect-src')).toEqual(["'self'"]);
    expect(csp).not.toContain('evil');
    expect(csp.split('; ')).toHaveLength(15);
  });
});

describe('webAppHeaders', () => {
  it('re-validates the page, caches hashed assets for a year, sets the hardening headers', () => {
    const page = webAppHeaders(ROOT, path.join(ROOT, 'index.html'), 'h:1');
    expect(page).toMatchObject({
      'Content-Type': 'text/html; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cache-Control': 'no-cache',
    });
    expect(page['Content-Security-Policy']).toContain('connect-src');
    const asset = webAppHeaders(ROOT, path.join(ROOT, 'assets', 'index-abc.js'), 'h:1');
    expect(asset['Cache-Control']).toBe('public, max-age=31536000, immutable');
    expect(asset['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(webAppHeaders(ROOT, path.join(ROOT, 'favicon.ico'), 'h:1')['Cache-Control']).toBe(
      'no-cache',
    );
  });
});

describe('defaultWebRoot', () => {
  it('finds dist/renderer from the compiled code and from the sources', () => {
    const pkg = path.resolve('/opt/entente');
    expect(defaultWebRoot(path.join(pkg, 'dist', 'sync-server'))).toBe(
      path.join(pkg, 'dist', 'renderer'),
    );
    expect(defaultWebRoot(path.join(pkg, 'sync-server'))).toBe(path.join(pkg, 'dist', 'renderer'));
  });
});

describe('serveWebApp on a folder', () => {
  let base: string;
  let root: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    base = realpathSync(mkdtempSync(path.join(tmpdir(), 'entente-web-')));
    root = path.join(base, 'web');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    mkdirSync(path.join(root, 'empty-dir'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(root, 'assets', 'app-1234abcd.js'), 'console.log(1);');
    writeFileSync(path.join(base, 'secret.txt'), 'TOP SECRET');
    mkdirSync(path.join(base, 'web-secret'));
    writeFileSync(path.join(base, 'web-secret', 'key.txt'), 'TOP SECRET');
    symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'leak.txt'));
    symlinkSync(base, path.join(root, 'up'));
    symlinkSync(path.join(root, 'assets', 'app-1234abcd.js'), path.join(root, 'inner.js'));
    const opened = await openWebRoot(root);
    if (opened === null) throw new Error('web root not opened');
    server = createServer((req, res) => void serveWebApp(req, res, opened));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const address = server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });

  afterAll(async () => {
    await new Promise((ok) => server.close(ok));
    rmSync(base, { recursive: true, force: true });
  });

  /** A raw request: the target is sent as is, not normalised by a URL parser. */
  function get(target: string, method = 'GET') {
    return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
      (ok, fail) => {
        const req = request({ host: '127.0.0.1', port, path: target, method }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.once('error', fail);
        req.end();
      },
    );
  }

  it('opens only a folder holding an index.html', async () => {
    expect(await openWebRoot(root)).toBe(root);
    expect(await openWebRoot(path.join(root, 'assets'))).toBeNull();
    expect(await openWebRoot(path.join(base, 'missing'))).toBeNull();
  });

  it('serves the page, an asset, a client route and HEAD', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toContain(`ws://127.0.0.1:${port}`);
    const asset = await get('/assets/app-1234abcd.js');
    expect(asset).toMatchObject({ status: 200, body: 'console.log(1);' });
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['content-length']).toBe('15');
    const route = await get('/documents/42');
    expect(route.status).toBe(200);
    expect(route.body).toContain('<div id="root">');
    expect((await get('/empty-dir')).body).toContain('<div id="root">');
    const head = await get('/assets/app-1234abcd.js', 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe('15');
    expect((await get('/inner.js')).body).toBe('console.log(1);');
  });

  it('answers 404 for a missing file with an extension', async () => {
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/missing.css')).status).toBe(404);
  });

  it('never follows a symbolic link out of the folder', async () => {
    for (const target of ['/leak.txt', '/up/secret.txt', '/up/web-secret/key.txt']) {
      const res = await get(target);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('SECRET');
    }
    // Extension-less, through a link that leads out: the page, never the target.
    expect((await get('/up/web-secret')).body).not.toContain('SECRET');
  });

  it.each(['/..%2fsecret.txt', '/%2e%2e/secret.txt', '/a/../../secret.txt', '/..%5csecret.txt'])(
    'refuses %j with 400',
    async (target) => {
      const res = await get(target);
      expect(res.status).toBe(400);
      expect(res.body).not.toContain('SECRET');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    },
  );

  it('refuses POST with 405 and an Allow header', async () => {
    const res = await get('/', 'POST');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });
});
