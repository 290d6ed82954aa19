/**
 * Structured JSON logs, one object per line on stdout. Callers pass only metadata (room names,
 * user ids, sizes, reasons); by construction no field may hold a token or document content:
 * values are restricted to short primitives, and keys that could carry secrets are dropped.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Metadata of a log line: primitives only, so no update bytes or objects slip in. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Logger used across the relay. */
export interface Logger {
  /** Logs at the given level. */
  log(level: LogLevel, msg: string, fields?: LogFields): void;
  /** Shorthands. */
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
// Exact names that carry document content or would overwrite the record's own fields, and any
// name that smells of a credential (`accessToken`, `clientSecret`, …).
const FORBIDDEN_KEYS = new Set([
  'content',
  'update',
  'data',
  'state',
  'text',
  'url',
  'level',
  'msg',
  'time',
]);
const SECRET_KEYS = /token|secret|password|authori[sz]ation|cookie/i;
const MAX_VALUE_LENGTH = 300;

/** Creates a logger writing JSON lines through `write` (stdout by default). */
export function createLogger(
  minLevel: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(line),
  base: LogFields = {},
): Logger {
  const log = (level: LogLevel, msg: string, fields: LogFields = {}): void => {
    if (ORDER[level] < ORDER[minLevel]) return;
    const record: Record<string, unknown> = { time: new Date().toISOString(), level, msg };
    for (const [key, value] of Object.entries({ ...base, ...fields })) {
      if (value === undefined || FORBIDDEN_KEYS.has(key.toLowerCase()) || SECRET_KEYS.test(key))
        continue;
      record[key] =
        typeof value === 'string' && value.length > MAX_VALUE_LENGTH
          ? value.slice(0, MAX_VALUE_LENGTH)
          : value;
    }
    write(`${JSON.stringify(record)}\n`);
  };
  return {
    log,
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}
