import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAppProtocolHandler,
  isInside,
  mimeTypeOf,
  resolveAppRequest,
  responseHeaders,
} from './app-protocol.js';

const ROOT = path.resolve('/srv/app/renderer');

describe('resolveAppRequest', () => {
  it('maps app://entente paths under the root', () => {
    expect(resolveAppRequest('app://entente/', 'GET', ROOT)).toEqual({
      ok: true,
      filePath: path.join(ROOT, 'index.html'),
      fallback: false,
    });
    expect(resolveAppRequest('app://entente/assets/app-1a2b.js', 'HEAD', ROOT)).toEqual({
      ok: true,
      filePath: path.join(ROOT, 'assets', 'app-1a2b.js'),
      fallback: false,
    });
    expect(resolveAppRequest('app://entente/fonts/Marianne%20Bold.woff2', 'GET', ROOT)).toEqual({
      ok: true,
      filePath: path.join(ROOT, 'fonts', 'Marianne Bold.woff2'),
      fallback: false,
    });
  });

  it('marks extension-less paths as client-side routes', () => {
    const result = resolveAppRequest('app://entente/w/comite/d/charte', 'GET', ROOT);
    expect(result.ok && result.fallback).toBe(true);
  });

  it.each([
    ['literal', 'app://entente/../../etc/passwd.txt'],
    ['percent-encoded', 'app://entente/%2e%2e/%2E%2e/etc/passwd.txt'],
  ])('%s dot segments are resolved by the URL parser and stay inside', (_name, url) => {
    expect(resolveAppRequest(url, 'GET', ROOT)).toEqual({
      ok: true,
      filePath: path.join(ROOT, 'etc', 'passwd.txt'),
      fallback: false,
    });
  });

  it('double encoding is decoded once: a file name, never a parent', () => {
    expect(resolveAppRequest('app://entente/%252e%252e/x.js', 'GET', ROOT)).toEqual({
      ok: true,
      filePath: path.join(ROOT, '%2e%2e', 'x.js'),
      fallback: false,
    });
  });

  it.each([
    ['encoded slash', 'app://entente/assets/..%2f..%2f..%2fetc%2fpasswd'],
    ['encoded backslash', 'app://entente/..%5c..%5cwindows%5cwin.ini'],
    ['NUL', 'app://entente/index.html%00.png'],
    ['drive letter', 'app://entente/C:%5cWindows'],
    ['empty segment', 'app://entente/assets//x.js'],
    ['bad percent-encoding', 'app://entente/%E0%A4%A'],
    ['other host', 'app://evil/index.html'],
    ['credentials', 'app://user@entente/index.html'],
    ['port', 'app://entente:1/index.html'],
    ['other scheme', 'file:///etc/passwd'],
  ])('refuses %s', (_name, url) => {
    const result = resolveAppRequest(url, 'GET', ROOT);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.status).toBe(400);
  });

  it('refuses methods other than GET and HEAD', () => {
    expect(resolveAppRequest('app://entente/index.html', 'POST', ROOT)).toEqual({
      ok: false,
      status: 405,
    });
  });
});

describe('isInside', () => {
  it('compares whole path segments', () => {
    expect(isInside('/srv/app', '/srv/app/index.html')).toBe(true);
    expect(isInside('/srv/app', '/srv/app')).toBe(true);
    expect(isInside('/srv/app', '/srv/app-evil/index.html')).toBe(false);
    expect(isInside('/srv/app', '/srv/index.html')).toBe(false);
  });
});

describe('MIME types and headers', () => {
  it('serves known types and never lets the browser sniff the rest', () => {
    expect(mimeTypeOf('a/index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeOf('a/app.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeOf('a/f.woff2')).toBe('font/woff2');
    expect(mimeTypeOf('a/f.svg')).toBe('image/svg+xml');
    expect(mimeTypeOf('a/unknown.bin')).toBe('application/octet-stream');
    expect(mimeTypeOf('a/noext')).toBe('application/octet-stream');
  });

  it('every response carries the CSP and nosniff; only HTML is uncached', () => {
    expect(responseHeaders('/r/index.html', "default-src 'self'")).toEqual({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'self'",
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    });
    expect(responseHeaders('/r/a.js', 'x')['Cache-Control']).toBe('public, max-age=31536000');
  });
});

describe('createAppProtocolHandler over a real folder', () => {
  let base: string;
  let root: string;
  let csp = "default-src 'self'";
  let handler: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'entente-protocol-'));
    root = path.join(base, 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Entente</title>');
    await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(base, 'secret.txt'), 'secret');
    await symlink(path.join(base, 'secret.txt'), path.join(root, 'assets', 'leak.txt'));
    handler = createAppProtocolHandler({ rootDir: root, csp: () => csp });
  });

  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

  it('serves index.html with the current CSP', async () => {
    const response = await get('app://entente/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Entente</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'self'");
    csp = "default-src 'self'; connect-src 'self' wss://relay.example";
    expect((await get('app://entente/index.html')).headers.get('content-security-policy')).toBe(
      csp,
    );
  });

  it('serves assets with their type, HEAD without a body', async () => {
    const response = await get('app://entente/assets/app.js');
    expect(await response.text()).toBe('console.log(1)');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const head = await get('app://entente/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('falls back to index.html for client-side routes, not for missing files', async () => {
    const route = await get('app://entente/w/comite');
    expect(route.status).toBe(200);
    expect(route.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await get('app://entente/assets/missing.js')).status).toBe(404);
    expect((await get('app://entente/assets/app.js/')).status).toBe(400);
  });

  it('refuses traversal and symbolic links that leave the build', async () => {
    expect((await get('app://entente/assets/leak.txt')).status).toBe(404);
    expect((await get('app://entente/..%2fsecret.txt')).status).toBe(400);
    // Dot segments resolve inside the build, where there is no such file.
    expect((await get('app://entente/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get('app://entente/../secret.txt')).status).toBe(404);
  });

  it('answers 404 when the build folder does not exist', async () => {
    const missing = createAppProtocolHandler({ rootDir: path.join(base, 'none'), csp: () => '' });
    expect((await missing(new Request('app://entente/'))).status).toBe(404);
  });
});
