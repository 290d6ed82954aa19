import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, SETTINGS, loadConfig, parseFlags, type SettingSpec } from './config.js';

const MiB = 1024 * 1024;
const SECRET = 's'.repeat(32);

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, got a configuration');
}

describe('loadConfig defaults', () => {
  it('gives every documented default with an empty environment and no flags', () => {
    expect(loadConfig({})).toEqual({
      host: '127.0.0.1',
      port: 1234,
      dataDir: './data',
      jwtSecret: undefined,
      databaseUrl: undefined,
      databaseSchema: 'entente',
      redisUrl: undefined,
      redisPrefix: 'entente',
      maxMessageBytes: 8 * MiB,
      maxRoomBytes: 64 * MiB,
      maxWorkspaceBytes: 1024 * MiB,
      minFreeBytes: 16 * MiB,
      maxBufferedBytes: 16 * MiB,
      rateMessages: 300,
      rateBurst: 3000,
      rateBytes: 4 * MiB,
      idleUnloadMs: 30_000,
      keepaliveMs: 10_000,
      compactUpdates: 500,
      headersTimeoutMs: 5000,
      requestTimeoutMs: 10_000,
      maxConnections: 10_000,
      maxConnectionsPerAddress: 256,
      upgradeRate: 20,
      upgradeBurst: 200,
      trustedProxies: [],
      shutdownTimeoutMs: 10_000,
      logLevel: 'info',
      webRoot: undefined,
    });
  });

  it('ignores environment variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', ENTENTE_UNKNOWN: 'x' }).port).toBe(1234);
  });
});

describe('ENTENTE_TRUSTED_PROXIES', () => {
  it('reads a comma-separated list of IPv4 and IPv6 addresses', () => {
    expect(loadConfig({ ENTENTE_TRUSTED_PROXIES: ' 10.0.0.1, ::1 ' }).trustedProxies).toEqual([
      '10.0.0.1',
      '::1',
    ]);
  });
});

describe('loadConfig sources and precedence', () => {
  it('reads environment variables, coercing numbers', () => {
    const config = loadConfig({
      PORT: '4000',
      ENTENTE_JWT_SECRET: SECRET,
      DATABASE_URL: 'postgresql://u@db/x',
      REDIS_URL: 'rediss://cache:6380',
      ENTENTE_LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 4000,
      jwtSecret: SECRET,
      databaseUrl: 'postgresql://u@db/x',
      redisUrl: 'rediss://cache:6380',
      logLevel: 'debug',
    });
  });

  it('a flag wins over the environment variable', () => {
    expect(loadConfig({ PORT: '4000' }, ['--port', '5000']).port).toBe(5000);
    expect(loadConfig({ ENTENTE_LOG_LEVEL: 'error' }, ['--log-level', 'warn']).logLevel).toBe(
      'warn',
    );
  });

  it('accepts the --flag=value form, with = inside the value', () => {
    const config = loadConfig({}, ['--port=4001', '--database-url=postgres://u:p=w@db/x']);
    expect(config.port).toBe(4001);
    expect(config.databaseUrl).toBe('postgres://u:p=w@db/x');
  });

  it('the last of a repeated flag wins', () => {
    expect(loadConfig({}, ['--port', '1', '--port=2']).port).toBe(2);
  });

  it('an empty environment variable means unset', () => {
    const config = loadConfig({ PORT: '', ENTENTE_JWT_SECRET: '', DATABASE_URL: '', HOST: '' });
    expect(config).toMatchObject({ port: 1234, host: '127.0.0.1' });
    expect(config.jwtSecret).toBeUndefined();
    expect(config.databaseUrl).toBeUndefined();
  });

  it('an empty environment variable does not hide a flag', () => {
    expect(loadConfig({ PORT: '' }, ['--port', '7']).port).toBe(7);
  });
});

describe('parseFlags', () => {
  it('refuses an unknown flag, naming it', () => {
    expect(configError(() => parseFlags(['--nope', '1'])).message).toBe('unknown option --nope');
    expect(configError(() => loadConfig({}, ['--PORT=1'])).message).toBe('unknown option --PORT');
  });

  it('refuses a positional argument', () => {
    expect(configError(() => parseFlags(['serve'])).message).toBe('unknown option serve');
  });

  it('refuses a flag without a value', () => {
    expect(configError(() => parseFlags(['--port'])).message).toBe('option --port needs a value');
    expect(configError(() => loadConfig({}, ['--host', 'h', '--port'])).message).toBe(
      'option --port needs a value',
    );
  });

  it('returns every flag with its value', () => {
    expect(parseFlags(['--host', '0.0.0.0', '--port=1'])).toEqual(
      new Map([
        ['--host', '0.0.0.0'],
        ['--port', '1'],
      ]),
    );
  });
});

describe('invalid values stop the relay with a ConfigError naming the setting', () => {
  const cases: Array<[keyof typeof SETTINGS, string]> = [
    ['port', 'abc'],
    ['port', '65536'],
    ['port', '-1'],
    ['port', '80.5'],
    ['jwtSecret', 's'.repeat(31)],
    ['databaseUrl', 'mysql://db/x'],
    ['databaseSchema', 'Entente'],
    ['databaseSchema', 'drop table;'],
    ['redisUrl', 'http://cache'],
    ['redisPrefix', 'a b'],
    ['maxMessageBytes', '1023'],
    ['maxRoomBytes', String(4097 * MiB)],
    ['maxWorkspaceBytes', '1000'],
    ['maxBufferedBytes', '1000'],
    ['rateMessages', '0'],
    ['rateBurst', 'many'],
    ['rateBytes', '10'],
    ['idleUnloadMs', '-5'],
    ['compactUpdates', '1'],
    ['headersTimeoutMs', '100'],
    ['maxConnections', '0'],
    ['upgradeRate', '0'],
    ['trustedProxies', 'proxy.example.org'],
    ['trustedProxies', '10.0.0.1,,x'],
    ['shutdownTimeoutMs', '600001'],
    ['logLevel', 'verbose'],
    ['webRoot', 'dist\nrenderer'],
  ];

  it.each(cases)('%s = %j, from the environment', (key, value) => {
    const spec: SettingSpec = SETTINGS[key];
    const error = configError(() => loadConfig({ [spec.env]: value }));
    expect(error.message).toContain(spec.env);
    expect(error.message).toContain(spec.flag);
  });

  it.each(cases)('%s = %j, from a flag', (key, value) => {
    const spec: SettingSpec = SETTINGS[key];
    const error = configError(() => loadConfig({}, [`${spec.flag}=${value}`]));
    expect(error.message).toContain(spec.env);
  });

  it('explains why, for a short secret', () => {
    const error = configError(() => loadConfig({ ENTENTE_JWT_SECRET: 'short' }));
    expect(error.message).toMatch(/ENTENTE_JWT_SECRET.*at least 32 characters/);
  });

  // A blank value is never read as 0 (a random port, or rooms unloaded at once): a blank
  // variable means "unset" (the default applies), a blank flag is an error naming the flag.
  it.each([
    ['PORT', ' ', 'port', 1234],
    ['ENTENTE_IDLE_UNLOAD_MS', '  ', 'idleUnloadMs', 30000],
    ['ENTENTE_SHUTDOWN_TIMEOUT_MS', '\t', 'shutdownTimeoutMs', 10000],
  ] as const)('reads the blank variable %s=%j as unset', (env, value, key, fallback) => {
    expect(loadConfig({ [env]: value })[key]).toBe(fallback);
  });

  it.each(['--port=', '--idle-unload-ms=', '--port= '])(
    'refuses the empty flag value %j',
    (flag) => {
      expect(configError(() => loadConfig({}, [flag])).message).toContain(
        `${flag.split('=')[0]} needs a value`,
      );
    },
  );

  it.each(['0x10', '1e3', '12.5', '-1'])('refuses PORT=%s (digits only)', (value) => {
    expect(configError(() => loadConfig({ PORT: value })).message).toContain('PORT');
  });

  it('refuses a flag followed by another flag instead of a value', () => {
    expect(configError(() => loadConfig({}, ['--host', '--port', '1'])).message).toContain(
      '--host needs a value',
    );
  });
});

describe('ENTENTE_WEB_ROOT', () => {
  it('keeps a folder path, or none, as given', () => {
    expect(loadConfig({ ENTENTE_WEB_ROOT: ' /srv/entente/web ' }).webRoot).toBe('/srv/entente/web');
    expect(loadConfig({}, ['--web-root', 'none']).webRoot).toBe('none');
  });
});

describe('README.md documents every setting', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const rows = readme.split('\n').filter((line) => line.startsWith('| `'));

  it.each(Object.entries(SETTINGS))('%s: its variable, flag and default', (_key, spec) => {
    const setting: SettingSpec = spec;
    const row = rows.find((line) => line.startsWith(`| \`${setting.env}\` |`));
    expect(row, `README table row for ${setting.env}`).toBeDefined();
    expect(row).toContain(`\`${setting.flag}\``);
    if (setting.defaultValue !== undefined) expect(row).toContain(`\`${setting.defaultValue}\``);
  });
});
