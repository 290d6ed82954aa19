/**
 * Composition root of the relay process: builds every part from the configuration, starts the
 * HTTP/WebSocket server and handles signals. Nothing else in `sync-server/` reads the
 * environment or constructs singletons.
 */
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Server } from 'node:http';
import type { RelayStore } from '../shared/storage/doc-store.js';
import { DEFAULT_COMPACTION_POLICY } from '../shared/storage/compaction.js';
import { DEFAULT_AWARENESS_LIMITS } from '../shared/protocol/awareness.js';
import { DEFAULT_UPDATE_LIMITS } from '../shared/protocol/update-validator.js';
import { resolveJwtSecret, SECRET_FILE } from './auth/secret.js';
import { ConfigError, SETTINGS, type Config } from './config.js';
import { RedisFanout } from './fanout/redis-fanout.js';
import { checkToken } from './auth/check-token.js';
import { AddressLimits } from './http/address-limits.js';
import { Readiness } from './http/readiness.js';
import { createRelayServer } from './http/server.js';
import { defaultWebRoot, openWebRoot } from './http/static-files.js';
import { createLogger, type Logger } from './observability/logger.js';
import { RelayMetrics } from './observability/metrics.js';
import { Relay } from './relay/relay.js';
import { Compactor } from './storage/compactor.js';
import { DocThread } from './relay/doc-thread.js';
import { PostgresDocStore } from './storage/postgres-store.js';
import { createPrivateFile, ensurePrivateDir, tightenFiles } from './storage/private-files.js';
import { SqliteDocStore } from './storage/sqlite-store.js';

/** A running relay. */
export interface RunningRelay {
  readonly server: Server;
  readonly port: number;
  /** Graceful stop: finish writes, close clients with a reconnect code, release storage. */
  stop(): Promise<void>;
}

/** A room `/readyz` reads; no client can name it (ids never start with `_`). */
const READINESS_ROOM = '_ready/_index';

/** Name of the SQLite file inside the data directory. */
export const SQLITE_FILE = 'entente.sqlite';

/** The SQLite store's files in `dataDir`: the database, its write-ahead log and shared memory. */
export function sqliteFiles(dataDir: string): string[] {
  const file = join(dataDir, SQLITE_FILE);
  return [file, `${file}-wal`, `${file}-shm`];
}

/** Opens the store the configuration selects (PostgreSQL with `DATABASE_URL`, else SQLite). */
export async function openStore(config: Config): Promise<RelayStore> {
  if (config.databaseUrl !== undefined) {
    return PostgresDocStore.open({ url: config.databaseUrl, schema: config.databaseSchema });
  }
  const file = join(resolve(config.dataDir), SQLITE_FILE);
  createPrivateFile(file);
  return SqliteDocStore.open({ file, minFreeBytes: config.minFreeBytes });
}

/**
 * Makes the data directory 0700 and the files the relay keeps there 0600 (`private-files.ts`),
 * around `open` (the store's `-wal` and `-shm` exist only once it is open); logs what it fixed.
 */
async function withPrivateDataDir<T>(
  config: Config,
  logger: Logger,
  open: () => Promise<T>,
): Promise<T> {
  // With PostgreSQL and a configured secret the relay keeps nothing on disk.
  if (config.databaseUrl !== undefined && config.jwtSecret !== undefined) return open();
  const dir = resolve(config.dataDir);
  if (ensurePrivateDir(dir)) logger.warn('data directory was open to others, now 0700', { dir });
  const files = [
    join(dir, SECRET_FILE),
    ...(config.databaseUrl === undefined ? sqliteFiles(dir) : []),
  ];
  const fixed = tightenFiles(files);
  const result = await open();
  fixed.push(...tightenFiles(files).filter((f) => !fixed.includes(f)));
  if (fixed.length > 0)
    logger.warn('store files were readable by others, now 0600', {
      files: fixed.map((f) => basename(f)).join(', '),
    });
  return result;
}

/**
 * The web app's folder (a real path), or null when none is served. A folder set explicitly must
 * hold an `index.html`, or the relay does not start; the default folder (this package's
 * `dist/renderer`) may be missing, the relay then serves no web app and says so.
 */
async function resolveWebRoot(config: Config, logger: Logger): Promise<string | null> {
  if (config.webRoot === 'none') {
    logger.info('web app not served', { reason: `${SETTINGS.webRoot.env} is none` });
    return null;
  }
  const dir = resolve(config.webRoot ?? defaultWebRoot(import.meta.dirname));
  const root = await openWebRoot(dir);
  if (root === null && config.webRoot !== undefined) {
    const { env, flag } = SETTINGS.webRoot;
    throw new ConfigError(`invalid ${env} (${flag}): no index.html in ${dir}`);
  }
  if (root === null) logger.info('web app not served', { reason: `no index.html in ${dir}` });
  else logger.info('web app served', { root });
  return root;
}

/** Starts a relay from a validated configuration. */
export async function startRelay(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<RunningRelay> {
  const webRoot = await resolveWebRoot(config, logger);
  const { secret, store } = await withPrivateDataDir(config, logger, async () => ({
    secret: resolveJwtSecret(config.jwtSecret, resolve(config.dataDir)),
    store: await openStore(config),
  }));
  const fanout =
    config.redisUrl === undefined
      ? null
      : await RedisFanout.connect(config.redisUrl, config.redisPrefix, logger);
  const compactor = new Compactor();
  compactor.warm();
  // Started by the first large room, not here: an idle relay does not pay for the thread.
  const docThread = new DocThread();
  const metrics = new RelayMetrics();
  // Per connection to a room; a multiplexed connection has the same budget over all its rooms.
  const rate = {
    messagesPerSecond: config.rateMessages,
    messageBurst: config.rateBurst,
    bytesPerSecond: config.rateBytes,
    byteBurst: 2 * config.maxMessageBytes,
  };
  const relay = new Relay({
    store,
    compactor,
    docThread,
    fanout,
    logger,
    metrics,
    now: () => performance.now(),
    epochMs: () => Date.now(),
    checkToken: (token, nowSeconds) => checkToken(token, secret, nowSeconds),
    limits: {
      maxRoomBytes: config.maxRoomBytes,
      maxWorkspaceBytes: config.maxWorkspaceBytes,
      maxBufferedBytes: config.maxBufferedBytes,
      idleUnloadMs: config.idleUnloadMs,
      keepaliveMs: config.keepaliveMs,
      rate,
      update: { ...DEFAULT_UPDATE_LIMITS, maxBytes: config.maxMessageBytes },
      awareness: DEFAULT_AWARENESS_LIMITS,
      compaction: { ...DEFAULT_COMPACTION_POLICY, maxLogEntries: config.compactUpdates },
    },
  });
  let closing = false;
  const { server, wss } = createRelayServer({
    relay,
    metrics,
    logger,
    secret,
    maxMessageBytes: config.maxMessageBytes,
    isClosing: () => closing,
    webRoot,
    readiness: new Readiness(
      // The paths members' work takes: a room read, a durable write, the fan-out.
      async () => {
        await store.load(READINESS_ROOM);
        await store.checkWritable();
        await fanout?.ping();
      },
      {
        now: () => performance.now(),
        onChange: (verdict) =>
          verdict.ok
            ? logger.info('ready', {})
            : logger.error('not ready', { reason: verdict.reason }),
      },
    ),
    limits: new AddressLimits(
      {
        maxConnectionsPerAddress: config.maxConnectionsPerAddress,
        upgradesPerSecond: config.upgradeRate,
        upgradeBurst: config.upgradeBurst,
        trustedProxies: config.trustedProxies,
      },
      () => performance.now(),
    ),
    mux: {
      relay,
      logger,
      metrics,
      checkToken: (token, nowSeconds) => checkToken(token, secret, nowSeconds),
      epochMs: () => Date.now(),
      now: () => performance.now(),
      rate,
    },
    http: {
      headersTimeoutMs: config.headersTimeoutMs,
      requestTimeoutMs: config.requestTimeoutMs,
      maxConnections: config.maxConnections,
    },
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.port, config.host, () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  logger.info('relay listening', {
    host: config.host,
    port,
    store: store.kind,
    fanout: fanout === null ? 'none' : 'redis',
  });

  const stop = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    server.close();
    await relay.shutdown();
    wss.close();
    await Promise.allSettled([fanout?.close(), compactor.close(), docThread.stop()]);
    await store.close();
    logger.info('relay stopped');
  };
  return { server, port, stop };
}
