/**
 * The relay serves the renderer build (the web app) over HTTP: a link opens the editor in a
 * browser. Files come from ENTENTE_WEB_ROOT only, with the web app's CSP; traversal is refused;
 * the operational endpoints and WebSocket upgrades are unaffected.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stockClient, synced, type StockClient } from '../support/clients.js';
import {
  RELAY_CLI,
  removeDir,
  startRelayProcess,
  tempDir,
  type RelayProcess,
} from '../support/relay-process.js';
import { token } from '../support/tokens.js';

const run = promisify(execFile);
const BUILT_RENDERER = resolve(import.meta.dirname, '../../dist/renderer');

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A raw HTTP request: the target is sent as is (fetch would normalise `..` away first). */
function raw(port: number, target: string, method = 'GET'): Promise<RawResponse> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path: target, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.once('error', fail);
    req.end();
  });
}

let relay: RelayProcess | undefined;
const clients: StockClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await relay?.stop('SIGKILL');
  if (relay !== undefined) removeDir(relay.dataDir);
  relay = undefined;
});

describe('a web root set with ENTENTE_WEB_ROOT', () => {
  let parent: string;
  let webRoot: string;
  const PAGE = '<!doctype html><html><body><div id="root"></div></body></html>';
  const SCRIPT = 'export const entente = 1;\n';

  beforeAll(() => {
    parent = tempDir('entente-web-');
    webRoot = join(parent, 'web');
    mkdirSync(join(webRoot, 'assets'), { recursive: true });
    writeFileSync(join(webRoot, 'index.html'), PAGE);
    writeFileSync(join(webRoot, 'assets', 'index-0a1b2c3d.js'), SCRIPT);
    writeFileSync(join(parent, 'passwd'), 'root:x:0:0:SECRET');
  });

  afterAll(() => removeDir(parent));

  it('serves the page with its CSP, assets with their type, HEAD; refuses the rest', async () => {
    relay = await startRelayProcess({ env: { ENTENTE_WEB_ROOT: webRoot } });
    const { port } = relay;
    expect(relay.logs.join('\n')).toContain('"web app served"');

    const page = await raw(port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toBe(PAGE);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${port} wss://127.0.0.1:${port}`);

    const asset = await raw(port, '/assets/index-0a1b2c3d.js');
    expect(asset).toMatchObject({ status: 200, body: SCRIPT });
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    // A client-side route survives a reload; a missing asset does not become the page.
    const route = await raw(port, '/comite/charte?mode=review');
    expect(route).toMatchObject({ status: 200, body: PAGE });
    expect((await raw(port, '/assets/missing.js')).status).toBe(404);

    const head = await raw(port, '/', 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe(String(PAGE.length));

    const post = await raw(port, '/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');

    for (const target of [
      '/..%2f..%2fetc/passwd',
      '/..%2fpasswd',
      '/%2e%2e/',
      '/%2e%2e/passwd',
      '/a/../../',
      '/a/../../passwd',
      '/..%5cpasswd',
      '/index.html%00',
    ]) {
      const refused = await raw(port, target);
      expect(refused.status, target).toBe(400);
      expect(refused.body).not.toContain('SECRET');
      expect(refused.body).not.toContain('root');
    }

    // A forged Host header adds nothing to the policy.
    const forged = await new Promise<RawResponse>((ok, fail) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/',
          headers: { host: "evil.example; script-src 'unsafe-inline'" },
        },
        (res) => {
          res.resume();
          res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: '' }));
        },
      );
      req.once('error', fail);
      req.end();
    });
    expect(forged.status).toBe(200);
    expect(String(forged.headers['content-security-policy'])).not.toContain('evil');
  });

  it('keeps /healthz, /readyz, /metrics and WebSocket upgrades', async () => {
    relay = await startRelayProcess({ env: { ENTENTE_WEB_ROOT: webRoot } });
    const base = `http://127.0.0.1:${relay.port}`;
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' });
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('entente_connections_open');
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
    const client = stockClient(relay.url, 'comite/web', { token: token() });
    clients.push(client);
    await synced(client);
  });

  it('ENTENTE_WEB_ROOT=none serves no web app', async () => {
    relay = await startRelayProcess({ env: { ENTENTE_WEB_ROOT: 'none' } });
    expect((await raw(relay.port, '/')).status).toBe(404);
    expect(relay.logs.filter((line) => line.includes('"web app not served"'))).toHaveLength(1);
  });

  it('refuses to start on a folder set explicitly that holds no index.html', async () => {
    const dataDir = tempDir();
    try {
      await expect(
        run(process.execPath, [RELAY_CLI], {
          env: {
            PATH: process.env.PATH,
            ENTENTE_DATA_DIR: dataDir,
            ENTENTE_WEB_ROOT: join(webRoot, 'assets'),
          },
        }),
      ).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/invalid ENTENTE_WEB_ROOT \(--web-root\): no index\.html/),
      });
    } finally {
      removeDir(dataDir);
    }
  });
});

describe.runIf(existsSync(join(BUILT_RENDERER, 'index.html')))('the default web root', () => {
  it('serves the renderer build of this package', async () => {
    relay = await startRelayProcess();
    expect(relay.logs.join('\n')).toContain('"web app served"');
    const page = await raw(relay.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toBe(readFileSync(join(BUILT_RENDERER, 'index.html'), 'utf8'));
    expect(page.body).toContain('<div id="root"></div>');
    // Every script and style sheet the page names is served with its type.
    const assets = [...page.body.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      const res = await raw(relay.port, `/${asset}`, 'HEAD');
      expect(res.status, asset).toBe(200);
      expect(res.headers['content-type']).toMatch(/^(text\/javascript|text\/css);/);
    }
  });
});
