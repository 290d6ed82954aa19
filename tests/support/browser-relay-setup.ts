/**
 * Vitest `globalSetup` of the `browser` project (wired in `vitest.config.ts`). Renderer sync tests
 * run in Chromium, which cannot start processes, so this runs in Node before them: it starts the
 * real relay (`dist/sync-server/cli.js`, built by `npm test` before vitest) on a free port with a
 * temporary data directory, puts a TCP proxy in front of it that tests can cut and restore, and
 * `provide`s the addresses and pre-signed tokens (`inject('ententeRelay')` in a test).
 *
 * Why a proxy: Playwright's `setOffline` does not cut an open WebSocket (ENVIRONMENT.md), and
 * stopping the shared relay would disturb test files running in parallel. Only connections made
 * through the proxy are cut. The control endpoint is plain HTTP on loopback, with CORS open so
 * the test page (another origin) can `fetch` it.
 *
 * It lives in `tests/support/` rather than `renderer/`: it is Node code, and the renderer folder
 * may not import Node built-ins (STYLE rule 1, enforced by lint and the renderer's tsconfig).
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { TestProject } from 'vitest/node';
import { removeDir, startRelayProcess } from './relay-process.js';
import { startProxy, type CuttableProxy } from './tcp-proxy.js';
import { token } from './tokens.js';

/** What the browser tests receive through `inject('ententeRelay')`. */
export interface BrowserRelayFixture {
  /** The relay, directly: `ws://127.0.0.1:<port>`. */
  readonly url: string;
  /** The same relay through the cuttable proxy. */
  readonly proxyUrl: string;
  /** `GET <controlUrl>/cut` drops every proxied connection and refuses new ones; `/restore` undoes it. */
  readonly controlUrl: string;
  /**
   * A second relay whose workspaces may hold only `quotaBytes` (`ENTENTE_MAX_WORKSPACE_BYTES`):
   * where a write passes the quota (4507). Same secret, so the same tokens work there.
   */
  readonly quotaUrl: string;
  /** The quota of the relay at `quotaUrl`, in bytes. */
  readonly quotaBytes: number;
  /** The workspace every token is for. */
  readonly workspace: string;
  /** Tokens valid one hour, plus one already expired. */
  readonly tokens: {
    readonly member: string;
    readonly member2: string;
    readonly reviewer: string;
    readonly expired: string;
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    ententeRelay: BrowserRelayFixture;
  }
}

function startControl(proxy: CuttableProxy): Promise<{ server: Server; url: string }> {
  const server = createHttpServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/cut') proxy.cut();
    else if (path === '/restore') proxy.restore();
    response.writeHead(path === '/cut' || path === '/restore' ? 200 : 404, {
      'access-control-allow-origin': '*',
      'content-type': 'text/plain',
    });
    response.end(path);
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      ok({ server, url: `http://127.0.0.1:${port}` });
    }),
  );
}

/** Starts relay, proxy and control endpoint; the returned function stops them. */
/** Room for a few small documents, not for a long text on top (the 4507 tests). */
const QUOTA_BYTES = 20_000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [relay, quota] = await Promise.all([
    startRelayProcess(),
    startRelayProcess({ env: { ENTENTE_MAX_WORKSPACE_BYTES: String(QUOTA_BYTES) } }),
  ]);
  const proxy = await startProxy(relay.port);
  const control = await startControl(proxy);
  const workspace = 'comite';
  const now = Math.floor(Date.now() / 1000);
  project.provide('ententeRelay', {
    url: relay.url,
    proxyUrl: `ws://127.0.0.1:${proxy.port}`,
    controlUrl: control.url,
    quotaUrl: quota.url,
    quotaBytes: QUOTA_BYTES,
    workspace,
    tokens: {
      member: token({ sub: 'u-member', name: 'Claire Martin', ws: workspace, role: 'member' }),
      member2: token({ sub: 'u-member-2', name: 'Hugo Petit', ws: workspace, role: 'member' }),
      reviewer: token({ sub: 'u-reviewer', name: 'Inès Roy', ws: workspace, role: 'reviewer' }),
      expired: token({ sub: 'u-member', ws: workspace, role: 'member', exp: now - 60 }),
    },
  });
  return async () => {
    control.server.closeAllConnections();
    await new Promise<void>((ok) => control.server.close(() => ok()));
    proxy.cut();
    await proxy.close();
    await Promise.all([relay.stop(), quota.stop()]);
    removeDir(relay.dataDir);
    removeDir(quota.dataDir);
  };
}
