/**
 * The relay's only transport code: an HTTP server with health, readiness and metrics
 * endpoints, the web app (the renderer build, `static-files.ts`) on every other path, and
 * WebSocket upgrades authenticated before they reach the relay core.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../observability/logger.js';
import type { RelayMetrics } from '../observability/metrics.js';
import type { Connection } from '../relay/connection.js';
import type { Relay } from '../relay/relay.js';
import { ENTENTE_SUBPROTOCOL } from '../../shared/protocol/subprotocol.js';
import { admit } from './authenticate.js';
import { serveWebApp } from './static-files.js';
import { adaptWebSocket } from './ws-transport.js';

/** What the HTTP layer needs from the rest of the relay. */
export interface HttpDeps {
  readonly relay: Relay;
  readonly metrics: RelayMetrics;
  readonly logger: Logger;
  readonly secret: string;
  readonly maxMessageBytes: number;
  /** Resolves when storage (and fan-out) answer; rejects otherwise. */
  readonly checkReady: () => Promise<void>;
  /** True once shutdown started: readiness fails and upgrades are refused. */
  readonly isClosing: () => boolean;
  /** Real path of the web app's folder (from `openWebRoot`); null: no web app is served. */
  readonly webRoot: string | null;
}

const ENDPOINTS = new Set(['/healthz', '/readyz', '/metrics']);

function respond(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

async function handleHttp(
  req: IncomingMessage,
  res: ServerResponse,
  deps: HttpDeps,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  // The operational endpoints keep their paths whatever the web app holds.
  if (!ENDPOINTS.has(path) && deps.webRoot !== null) return serveWebApp(req, res, deps.webRoot);
  if (req.method !== 'GET') return respond(res, 405, 'text/plain', 'method not allowed\n');
  if (path === '/healthz') return respond(res, 200, 'application/json', '{"status":"ok"}\n');
  if (path === '/metrics')
    return respond(res, 200, 'text/plain; version=0.0.4', deps.metrics.render());
  if (path === '/readyz') {
    if (deps.isClosing())
      return respond(res, 503, 'application/json', '{"status":"shutting down"}\n');
    try {
      await deps.checkReady();
      return respond(res, 200, 'application/json', '{"status":"ready"}\n');
    } catch {
      return respond(res, 503, 'application/json', '{"status":"storage unavailable"}\n');
    }
  }
  respond(res, 404, 'text/plain', 'not found\n');
}

/** The relay connection of an accepted socket, kept on the socket itself. */
const CONNECTION = Symbol('entente.connection');
type TrackedSocket = WebSocket & { [CONNECTION]?: Connection };

/**
 * Socket listeners shared by every connection of a server (they find their connection through
 * `this`): per-connection closures would cost memory on every one of thousands of sockets.
 */
function socketListeners(deps: HttpDeps) {
  return {
    // Text frames are not part of the protocol; their bytes fail decoding and close the socket.
    message(this: TrackedSocket, data: Buffer): void {
      const conn = this[CONNECTION];
      if (conn !== undefined)
        deps.relay.receive(conn, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    },
    close(this: TrackedSocket): void {
      const conn = this[CONNECTION];
      if (conn !== undefined) deps.relay.disconnect(conn);
    },
    // ws reports an oversized frame here before closing with 1009.
    error(this: TrackedSocket, error: Error): void {
      deps.metrics.refusals.inc(1, { reason: 'transport' });
      deps.logger.warn('connection error', { conn: this[CONNECTION]?.id, reason: error.message });
    },
  };
}

function attach(
  ws: TrackedSocket,
  url: string,
  protocols: readonly string[],
  deps: HttpDeps,
  listeners: ReturnType<typeof socketListeners>,
): void {
  const admission = admit(url, deps.secret, Math.floor(Date.now() / 1000), protocols);
  if (!admission.ok) {
    deps.metrics.refusals.inc(1, { reason: `auth-${admission.code}` });
    deps.logger.warn('connection refused', { code: admission.code, reason: admission.reason });
    ws.close(admission.code, admission.reason);
    return;
  }
  const { identity, room, wantsAck } = admission.admission;
  const conn = deps.relay.connect(adaptWebSocket(ws), identity, room, wantsAck);
  ws[CONNECTION] = conn;
  deps.logger.info('connected', {
    conn: conn.id,
    user: identity.userId,
    role: identity.role,
    room: room.name,
  });
  ws.on('message', listeners.message);
  ws.on('close', listeners.close);
  ws.on('error', listeners.error);
}

/** Creates the HTTP server; call `listen` on it. */
export function createRelayServer(deps: HttpDeps): { server: Server; wss: WebSocketServer } {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: deps.maxMessageBytes,
    perMessageDeflate: false,
    clientTracking: true,
    skipUTF8Validation: true,
    // The app offers `entente.v1` plus its token as a second subprotocol; the answer names only
    // `entente.v1` (a browser fails a connection whose answer names none of its offers).
    handleProtocols: (offered) => (offered.has(ENTENTE_SUBPROTOCOL) ? ENTENTE_SUBPROTOCOL : false),
  });
  const listeners = socketListeners(deps);
  const server = createServer((req, res) => {
    handleHttp(req, res, deps).catch(() => respond(res, 500, 'text/plain', 'internal error\n'));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (deps.isClosing()) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    // ws installs its own socket error handler. Only the URL and the offered subprotocols are
    // kept for the callback: a closure over `req` would keep the whole request alive for the
    // connection's life.
    const url = req.url ?? '/';
    const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',');
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, url, protocols, deps, listeners));
  });
  return { server, wss };
}
