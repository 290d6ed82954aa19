/**
 * Every relay setting, from an environment variable or the equivalent `--flag`, validated at
 * start-up: a wrong value stops the relay with a message naming the setting, rather than
 * running half-configured. The README's configuration table lists the same settings.
 */
import { z } from 'zod';

const MiB = 1024 * 1024;

// Digits only: `z.coerce` would read " " as 0 and accept `0x10` or `1e3`.
const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,15}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** One setting: its environment variable, its flag, its default and what it does. */
export interface SettingSpec {
  readonly env: string;
  readonly flag: string;
  readonly description: string;
  readonly defaultValue?: string;
  readonly schema: z.ZodType;
}

/** The settings, in the order the README documents them. */
export const SETTINGS = {
  host: {
    env: 'HOST',
    flag: '--host',
    defaultValue: '127.0.0.1',
    description: 'Interface to listen on (use 0.0.0.0 to serve a network).',
    schema: z.string().trim().min(1),
  },
  port: {
    env: 'PORT',
    flag: '--port',
    defaultValue: '1234',
    description: 'TCP port for HTTP and WebSocket.',
    schema: int(0, 65535),
  },
  dataDir: {
    env: 'ENTENTE_DATA_DIR',
    flag: '--data-dir',
    defaultValue: './data',
    description: 'Directory of the embedded SQLite store and the generated JWT secret.',
    schema: z.string().min(1),
  },
  jwtSecret: {
    env: 'ENTENTE_JWT_SECRET',
    flag: '--jwt-secret',
    description: 'HS256 secret (≥ 32 characters). Unset: generated once into the data directory.',
    schema: z.string().min(32, 'must be at least 32 characters').optional(),
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    flag: '--database-url',
    description: 'PostgreSQL URL; when set, PostgreSQL replaces the embedded SQLite store.',
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  },
  databaseSchema: {
    env: 'ENTENTE_DATABASE_SCHEMA',
    flag: '--database-schema',
    defaultValue: 'entente',
    description: 'PostgreSQL schema holding the tables.',
    schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier'),
  },
  redisUrl: {
    env: 'REDIS_URL',
    flag: '--redis-url',
    description:
      'Redis URL; when set, relay processes sharing it (and PostgreSQL) serve the same rooms.',
    schema: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL')
      .optional(),
  },
  redisPrefix: {
    env: 'ENTENTE_REDIS_PREFIX',
    flag: '--redis-prefix',
    defaultValue: 'entente',
    description: 'Prefix of the Redis channels.',
    schema: z.string().regex(/^[A-Za-z0-9_:-]{1,64}$/),
  },
  maxMessageBytes: {
    env: 'ENTENTE_MAX_MESSAGE_BYTES',
    flag: '--max-message-bytes',
    defaultValue: String(8 * MiB),
    description:
      'Largest WebSocket message; larger frames are refused from their header (close 1009).',
    schema: int(1024, 512 * MiB),
  },
  maxRoomBytes: {
    env: 'ENTENTE_MAX_ROOM_BYTES',
    flag: '--max-room-bytes',
    defaultValue: String(64 * MiB),
    description: 'Largest stored size of one document (close 4413 beyond).',
    schema: int(1024, 4096 * MiB),
  },
  maxWorkspaceBytes: {
    env: 'ENTENTE_MAX_WORKSPACE_BYTES',
    flag: '--max-workspace-bytes',
    defaultValue: String(1024 * MiB),
    description:
      'Most bytes the documents of one workspace may hold together in the store (close 4507 beyond; reads go on).',
    schema: int(1024, 1024 * 1024 * MiB),
  },
  minFreeBytes: {
    env: 'ENTENTE_MIN_FREE_BYTES',
    flag: '--min-free-bytes',
    defaultValue: String(16 * MiB),
    description:
      'With SQLite, /readyz fails while the data directory’s disk has less free space than this.',
    schema: int(0, 1024 * 1024 * MiB),
  },
  maxBufferedBytes: {
    env: 'ENTENTE_MAX_BUFFERED_BYTES',
    flag: '--max-buffered-bytes',
    defaultValue: String(16 * MiB),
    description: 'Unsent bytes after which a client that does not read is dropped (close 4508).',
    schema: int(64 * 1024, 4096 * MiB),
  },
  rateMessages: {
    env: 'ENTENTE_RATE_MESSAGES',
    flag: '--rate-messages',
    defaultValue: '300',
    description: 'Sustained messages per second per connection.',
    schema: int(1, 10_000_000),
  },
  rateBurst: {
    env: 'ENTENTE_RATE_BURST',
    flag: '--rate-burst',
    defaultValue: '3000',
    description:
      'Messages a connection may send at once before the rate applies (close 4429 beyond).',
    schema: int(1, 100_000_000),
  },
  rateBytes: {
    env: 'ENTENTE_RATE_BYTES',
    flag: '--rate-bytes',
    defaultValue: String(4 * MiB),
    description: 'Sustained bytes per second per connection (burst: twice the largest message).',
    schema: int(1024, 1024 * MiB),
  },
  idleUnloadMs: {
    env: 'ENTENTE_IDLE_UNLOAD_MS',
    flag: '--idle-unload-ms',
    defaultValue: '30000',
    description: 'A room with no client is unloaded from memory after this delay.',
    schema: int(0, 86_400_000),
  },
  keepaliveMs: {
    env: 'ENTENTE_KEEPALIVE_MS',
    flag: '--keepalive-ms',
    defaultValue: '10000',
    description:
      'A client sent nothing for this long gets an empty awareness update (stock clients reconnect after 30 s of silence).',
    schema: int(100, 25_000),
  },
  compactUpdates: {
    env: 'ENTENTE_COMPACT_UPDATES',
    flag: '--compact-updates',
    defaultValue: '500',
    description: 'A room log with this many updates is compacted into a snapshot.',
    schema: int(2, 10_000_000),
  },
  headersTimeoutMs: {
    env: 'ENTENTE_HEADERS_TIMEOUT_MS',
    flag: '--headers-timeout-ms',
    defaultValue: '5000',
    description: 'A request whose headers have not all arrived after this long is dropped.',
    schema: int(500, 120_000),
  },
  requestTimeoutMs: {
    env: 'ENTENTE_REQUEST_TIMEOUT_MS',
    flag: '--request-timeout-ms',
    defaultValue: '10000',
    description:
      'An HTTP request not received whole after this long is dropped (not WebSockets once open).',
    schema: int(500, 600_000),
  },
  maxConnections: {
    env: 'ENTENTE_MAX_CONNECTIONS',
    flag: '--max-connections',
    defaultValue: '10000',
    description: 'Open TCP connections the relay accepts in all; more are dropped at once.',
    schema: int(1, 1_000_000),
  },
  maxConnectionsPerAddress: {
    env: 'ENTENTE_MAX_CONNECTIONS_PER_ADDRESS',
    flag: '--max-connections-per-address',
    defaultValue: '256',
    description:
      'Open TCP connections one client address (an IPv6 /64) may hold; trusted proxies are exempt.',
    schema: int(1, 1_000_000),
  },
  upgradeRate: {
    env: 'ENTENTE_UPGRADE_RATE',
    flag: '--upgrade-rate',
    defaultValue: '20',
    description: 'Sustained WebSocket upgrades per second per client address (HTTP 429 beyond).',
    schema: int(1, 1_000_000),
  },
  upgradeBurst: {
    env: 'ENTENTE_UPGRADE_BURST',
    flag: '--upgrade-burst',
    defaultValue: '200',
    description: 'WebSocket upgrades one client address may make at once before the rate applies.',
    schema: int(1, 10_000_000),
  },
  trustedProxies: {
    env: 'ENTENTE_TRUSTED_PROXIES',
    flag: '--trusted-proxies',
    description:
      'Comma-separated addresses of reverse proxies whose X-Forwarded-For names the client (per-address limits). Unset: none.',
    schema: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? '')
          .split(',')
          .map((a) => a.trim())
          .filter((a) => a !== ''),
      )
      .pipe(
        z.array(z.union([z.ipv4(), z.ipv6()], { error: 'must be IP addresses, comma-separated' })),
      ),
  },
  shutdownTimeoutMs: {
    env: 'ENTENTE_SHUTDOWN_TIMEOUT_MS',
    flag: '--shutdown-timeout-ms',
    defaultValue: '10000',
    description: 'Longest wait for pending writes on SIGTERM.',
    schema: int(0, 600_000),
  },
  logLevel: {
    env: 'ENTENTE_LOG_LEVEL',
    flag: '--log-level',
    defaultValue: 'info',
    description: 'debug, info, warn or error.',
    schema: z.enum(['debug', 'info', 'warn', 'error']),
  },
  webRoot: {
    env: 'ENTENTE_WEB_ROOT',
    flag: '--web-root',
    description:
      "Folder of the web app (the renderer build) served over HTTP; `none` serves none. Unset: this package's `dist/renderer`, when built.",
    schema: z
      .string()
      .trim()
      .min(1)
      .regex(/^[^\p{Cc}]+$/u, 'must be a folder path or none')
      .optional(),
  },
} as const satisfies Record<string, SettingSpec>;

type Settings = typeof SETTINGS;

/** The validated configuration. */
export type Config = { -readonly [K in keyof Settings]: z.output<Settings[K]['schema']> };

/** A configuration error naming the setting. */
export class ConfigError extends Error {}

/** Reads `--flag value` and `--flag=value` pairs; unknown flags are errors. */
export function parseFlags(argv: readonly string[]): Map<string, string> {
  const known = new Set<string>(Object.values(SETTINGS).map((s) => s.flag));
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!known.has(flag)) throw new ConfigError(`unknown option ${flag}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value.trim() === '' || (eq < 0 && value.startsWith('--'))) {
      throw new ConfigError(`option ${flag} needs a value`);
    }
    flags.set(flag, value);
  }
  return flags;
}

/** Builds the configuration: flags win over environment variables, which win over defaults. */
export function loadConfig(
  env: Record<string, string | undefined>,
  argv: readonly string[] = [],
): Config {
  const flags = parseFlags(argv);
  const config: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(SETTINGS) as [string, SettingSpec][]) {
    const raw =
      flags.get(spec.flag) ??
      // A blank variable is unset: `PORT= npm start` means "the default", not port 0.
      (env[spec.env]?.trim() === '' ? undefined : env[spec.env]) ??
      spec.defaultValue;
    const parsed = spec.schema.safeParse(raw);
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => i.message).join('; ');
      throw new ConfigError(`invalid ${spec.env} (${spec.flag}): ${why}`);
    }
    config[key] = parsed.data;
  }
  return config as Config;
}
