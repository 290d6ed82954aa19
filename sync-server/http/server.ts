/**
 * The relay's only transport code: an HTTP server with health, readiness and metrics
 * endpoints, the web app (the renderer build, `static-files.ts`) on every other path, and
 * WebSocket upgrades authenticated before they reach the relay core.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../observability/logger.js';
import type { RelayMetrics } from '../observability/metrics.js';
import type { Connection } from '../relay/connection.js';
import type { Relay } from '../relay/relay.js';
import { MUX_PATH, MUX_SUBPROTOCOL } from '../../shared/protocol/mux.js';
import { ENTENTE_SUBPROTOCOL } from '../../shared/protocol/subprotocol.js';
import { MuxConnection, type MuxDeps } from '../relay/mux-connection.js';
import type { AddressLimits } from './address-limits.js';
import { admit, admitMux } from './authenticate.js';
import type { Readiness } from './readiness.js';
import { serveWebApp } from './static-files.js';
import { adaptWebSocket } from './ws-transport.js';

/** What the HTTP layer needs from the rest of the relay. */
export interface HttpDeps {
  readonly relay: Relay;
  readonly metrics: RelayMetrics;
  readonly logger: Logger;
  readonly secret: string;
  readonly maxMessageBytes: number;
  /** Whether storage (and fan-out) can take writes now (`readiness.ts`). */
  readonly readiness: Readiness;
  /** Connection and upgrade limits per client address. */
  readonly limits: AddressLimits;
  /** HTTP timeouts and the connection cap. */
  readonly http: HttpLimits;
  /** What multiplexed connections (`/_mux`) are built with. */
  readonly mux: MuxDeps;
  /** True once shutdown started: readiness fails and upgrades are refused. */
  readonly isClosing: () => boolean;
  /** Real path of the web app's folder (from `openWebRoot`); null: no web app is served. */
  readonly webRoot: string | null;
}

/** Timeouts and caps of the HTTP server (README "Configuration"). */
export interface HttpLimits {
  /** All headers of a request must arrive within this, ms. */
  readonly headersTimeoutMs: number;
  /** A whole request must arrive within this, ms. */
  readonly requestTimeoutMs: number;
  /** Open TCP connections in all. */
  readonly maxConnections: number;
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
    // Why it is not ready goes to the log only: paths and hosts are not for anyone who asks.
    const verdict = await deps.readiness.check();
    if (verdict.ok) return respond(res, 200, 'application/json', '{"status":"ready"}\n');
    return respond(res, 503, 'application/json', '{"status":"storage unavailable"}\n');
  }
  respond(res, 404, 'text/plain', 'not found\n');
}

/** The relay connection of an accepted socket, kept on the socket itself. */
const CONNECTION = Symbol('entente.connection');
/** The multiplexed connection of an accepted `/_mux` socket. */
const MUX = Symbol('entente.mux');
type TrackedSocket = WebSocket & { [CONNECTION]?: Connection; [MUX]?: MuxConnection };

/**
 * Socket listeners shared by every connection of a server (they find their connection through
 * `this`): per-connection closures would cost memory on every one of thousands of sockets.
 */
function socketListeners(deps: HttpDeps) {
  return {
    // Text frames are not part of the protocol; their bytes fail decoding and close the socket.
    message(this: TrackedSocket, data: Buffer): void {
      const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      const conn = this[CONNECTION];
      if (conn !== undefined) deps.relay.receive(conn, frame);
      else this[MUX]?.receive(frame);
    },
    close(this: TrackedSocket): void {
      const conn = this[CONNECTION];
      if (conn !== undefined) deps.relay.disconnect(conn);
      else this[MUX]?.disconnected();
    },
    // ws reports an oversized frame here before closing with 1009.
    error(this: TrackedSocket, error: Error): void {
      deps.metrics.refusals.inc(1, { reason: 'transport' });
      deps.logger.warn('connection error', { conn: this[CONNECTION]?.id, reason: error.message });
    },
  };
}

/** Accepts a multiplexed connection: rooms are joined on it afterwards. */
function attachMux(
  ws: TrackedSocket,
  url: string,
  protocols: readonly string[],
  deps: HttpDeps,
  listeners: ReturnType<typeof socketListeners>,
): void {
  const admission = admitMux(url, deps.secret, Math.floor(Date.now() / 1000), protocols);
  if (!admission.ok || ws.protocol !== MUX_SUBPROTOCOL) {
    const code = admission.ok ? 4400 : admission.code;
    const reason = admission.ok ? `offer the ${MUX_SUBPROTOCOL} subprotocol` : admission.reason;
    deps.metrics.refusals.inc(1, { reason: `auth-${code}` });
    deps.logger.warn('connection refused', { code, reason });
    ws.close(code, reason);
    return;
  }
  const { identity } = admission;
  ws[MUX] = new MuxConnection(adaptWebSocket(ws), identity, deps.mux);
  deps.logger.info('connected', { user: identity.userId, role: identity.role, room: MUX_PATH });
  ws.on('message', listeners.message);
  ws.on('close', listeners.close);
  ws.on('error', listeners.error);
}

function attach(
  ws: TrackedSocket,
  url: string,
  protocols: readonly string[],
  deps: HttpDeps,
  listeners: ReturnType<typeof socketListeners>,
): void {
  if (url.split('?')[0] === MUX_PATH) return attachMux(ws, url, protocols, deps, listeners);
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
    // The app offers `entente.v1` (or `entente.mux.v1`) plus its token as another subprotocol;
    // the answer names only the former (a browser fails a connection whose answer names none
    // of its offers).
    handleProtocols: (offered) =>
      offered.has(MUX_SUBPROTOCOL)
        ? MUX_SUBPROTOCOL
        : offered.has(ENTENTE_SUBPROTOCOL)
          ? ENTENTE_SUBPROTOCOL
          : false,
  });
  const listeners = socketListeners(deps);
  deps.metrics.gauge(
    'entente_multiplexed_connections_open',
    'Open multiplexed connections (each carries many rooms, counted in entente_connections_open)',
    () => {
      let open = 0;
      for (const ws of wss.clients) if ((ws as TrackedSocket)[MUX] !== undefined) open += 1;
      return open;
    },
  );
  const server = createServer(
    {
      // Node's defaults hold a slow-header connection for about a minute; the checks run every
      // `connectionsCheckingInterval`, so keep it well under the timeouts.
      headersTimeout: deps.http.headersTimeoutMs,
      requestTimeout: Math.max(deps.http.requestTimeoutMs, deps.http.headersTimeoutMs),
      connectionsCheckingInterval: Math.min(1000, deps.http.headersTimeoutMs / 2),
      keepAliveTimeout: 5000,
    },
    (req, res) => {
      handleHttp(req, res, deps).catch(() => respond(res, 500, 'text/plain', 'internal error\n'));
    },
  );
  server.maxConnections = deps.http.maxConnections;
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (!deps.limits.opened(address)) {
      deps.metrics.refusals.inc(1, { reason: 'connections-per-address' });
      socket.destroy();
      return;
    }
    socket.once('close', () => deps.limits.closed(address));
  });
  server.on('drop', () => deps.metrics.refusals.inc(1, { reason: 'max-connections' }));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (deps.isClosing()) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    const client = deps.limits.clientAddress(
      req.socket.remoteAddress,
      req.headers['x-forwarded-for'],
    );
    if (!deps.limits.takeUpgrade(client)) {
      deps.metrics.refusals.inc(1, { reason: 'upgrade-rate' });
      socket.end(
        'HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      );
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
