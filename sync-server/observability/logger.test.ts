import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from './logger.js';

function capture(minLevel: LogLevel = 'debug', base = {}) {
  const lines: string[] = [];
  const logger = createLogger(minLevel, (line) => lines.push(line), base);
  const records = (): Array<Record<string, unknown>> =>
    lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

describe('createLogger output', () => {
  it('writes one JSON object per line with time, level, msg and the fields', () => {
    const { logger, lines, records } = capture();
    logger.info('connected', { room: 'comite/charte', conn: 3, ack: true, none: null });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(lines[0]?.indexOf('\n')).toBe((lines[0]?.length ?? 0) - 1);
    const [record] = records();
    expect(record).toMatchObject({
      level: 'info',
      msg: 'connected',
      room: 'comite/charte',
      conn: 3,
      ack: true,
      none: null,
    });
    expect(Number.isNaN(Date.parse(String(record?.time)))).toBe(false);
  });

  it('keeps a line break inside a value or the message on the same output line', () => {
    const { logger, lines, records } = capture();
    logger.warn('two\nlines', { reason: 'a\nb\r\nc\u2028d' });
    expect(lines[0]?.split('\n')).toHaveLength(2); // the record, then the empty rest
    expect(records()[0]).toMatchObject({ msg: 'two\nlines', reason: 'a\nb\r\nc\u2028d' });
  });

  it('omits undefined fields', () => {
    const { logger, records } = capture();
    logger.info('x', { present: 1, absent: undefined });
    expect(records()[0]).not.toHaveProperty('absent');
    expect(records()[0]).toHaveProperty('present', 1);
  });

  it('adds the base fields to every line, and call fields override them', () => {
    const { logger, records } = capture('debug', { process: 'relay-1', room: 'base' });
    logger.info('a');
    logger.info('b', { room: 'comite/x' });
    expect(records().map((r) => [r.process, r.room])).toEqual([
      ['relay-1', 'base'],
      ['relay-1', 'comite/x'],
    ]);
  });

  it('each shorthand logs at its level', () => {
    const { logger, records } = capture();
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    logger.log('warn', 'l');
    expect(records().map((r) => [r.level, r.msg])).toEqual([
      ['debug', 'd'],
      ['info', 'i'],
      ['warn', 'w'],
      ['error', 'e'],
      ['warn', 'l'],
    ]);
  });
});

describe('createLogger level filtering', () => {
  it.each([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
  ] as const)('at %s, writes only %j', (minLevel, expected) => {
    const { logger, records } = capture(minLevel);
    logger.debug('m');
    logger.info('m');
    logger.warn('m');
    logger.error('m');
    expect(records().map((r) => r.level)).toEqual(expected);
  });
});

describe('createLogger never writes secrets or document content', () => {
  const FORBIDDEN = [
    'token',
    'secret',
    'password',
    'authorization',
    'content',
    'update',
    'data',
    'state',
    'text',
    'url',
  ];

  it.each(FORBIDDEN)('drops the field %s', (key) => {
    const { logger, lines, records } = capture();
    logger.info('x', { [key]: 'LEAKED-VALUE', kept: 1 });
    expect(lines[0]).not.toContain('LEAKED-VALUE');
    expect(records()[0]).toHaveProperty('kept', 1);
  });

  it('drops them whatever their case', () => {
    const { logger, lines } = capture();
    logger.info('x', { Token: 'A1', URL: 'A2', Authorization: 'A3', DATA: 'A4' });
    expect(lines[0]).not.toMatch(/A[1-4]/);
  });

  it('drops them from the base fields too', () => {
    const { logger, lines } = capture('debug', { secret: 'BASE-SECRET' });
    logger.info('x');
    expect(lines[0]).not.toContain('BASE-SECRET');
  });

  it('truncates long string values to 300 characters', () => {
    const { logger, records } = capture();
    logger.info('x', { reason: 'r'.repeat(1000), short: 'ok' });
    expect(records()[0]?.reason).toBe('r'.repeat(300));
    expect(records()[0]?.short).toBe('ok');
  });
});
