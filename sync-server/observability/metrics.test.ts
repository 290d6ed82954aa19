import { describe, expect, it } from 'vitest';
import { Counter, Gauge, Histogram, RelayMetrics } from './metrics.js';

/** `name{labels} value` lines of an exposition text, keyed by everything before the value. */
function samples(text: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    result.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return result;
}

describe('Counter', () => {
  it('renders HELP, TYPE and 0 before any increment', () => {
    const counter = new Counter('entente_x_total', 'Things counted');
    expect(counter.render()).toBe(
      '# HELP entente_x_total Things counted\n# TYPE entente_x_total counter\nentente_x_total 0',
    );
  });

  it('adds per label set, with labels sorted by name', () => {
    const counter = new Counter('entente_refusals_total', 'Refusals');
    counter.inc(1, { reason: 'flood' });
    counter.inc(2, { reason: 'flood' });
    counter.inc(1, { reason: 'malformed', code: '4400' });
    counter.inc(1, { code: '4400', reason: 'malformed' });
    expect(counter.get({ reason: 'flood' })).toBe(3);
    expect(counter.get({ reason: 'malformed', code: '4400' })).toBe(2);
    expect(counter.get({ reason: 'unseen' })).toBe(0);
    const rendered = samples(counter.render());
    expect(rendered.get('entente_refusals_total{reason="flood"}')).toBe(3);
    expect(rendered.get('entente_refusals_total{code="4400",reason="malformed"}')).toBe(2);
    expect(rendered.has('entente_refusals_total')).toBe(false);
  });

  it('cannot break the exposition format with a label value', () => {
    const counter = new Counter('c_total', 'c');
    counter.inc(1, { reason: 'a"b\\c\nd' });
    const lines = counter.render().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^c_total\{reason="[^"\\\n]*"\} 1$/);
  });
});

describe('Gauge', () => {
  it('reads its value at render time', () => {
    let open = 2;
    const gauge = new Gauge('entente_open', 'Open things', () => open);
    expect(gauge.render()).toBe(
      '# HELP entente_open Open things\n# TYPE entente_open gauge\nentente_open 2',
    );
    open = 5;
    expect(samples(gauge.render()).get('entente_open')).toBe(5);
  });
});

describe('Histogram', () => {
  it('renders cumulative buckets; +Inf equals _count', () => {
    const histogram = new Histogram('entente_latency_seconds', 'Latency');
    for (const seconds of [0.0001, 0.0007, 0.003, 0.003, 0.2, 0.9, 7]) histogram.observe(seconds);
    const text = histogram.render();
    expect(text).toContain('# TYPE entente_latency_seconds histogram');
    const rendered = samples(text);
    const buckets = [...rendered].filter(([key]) =>
      key.startsWith('entente_latency_seconds_bucket'),
    );
    const counts = buckets.map(([, value]) => value);
    for (let i = 1; i < counts.length; i++)
      expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1] ?? 0);
    expect(rendered.get('entente_latency_seconds_bucket{le="0.0005"}')).toBe(1);
    expect(rendered.get('entente_latency_seconds_bucket{le="0.001"}')).toBe(2);
    expect(rendered.get('entente_latency_seconds_bucket{le="0.005"}')).toBe(4);
    expect(rendered.get('entente_latency_seconds_bucket{le="0.25"}')).toBe(5);
    expect(rendered.get('entente_latency_seconds_bucket{le="1"}')).toBe(6);
    expect(rendered.get('entente_latency_seconds_bucket{le="2.5"}')).toBe(6);
    expect(rendered.get('entente_latency_seconds_bucket{le="+Inf"}')).toBe(7);
    expect(rendered.get('entente_latency_seconds_count')).toBe(7);
    expect(rendered.get('entente_latency_seconds_sum')).toBeCloseTo(8.1068, 10);
    expect(buckets.at(-1)?.[0]).toBe('entente_latency_seconds_bucket{le="+Inf"}');
  });

  it('counts a value equal to a bound in that bucket (le is inclusive)', () => {
    const histogram = new Histogram('h', 'h');
    histogram.observe(0.01);
    expect(samples(histogram.render()).get('h_bucket{le="0.01"}')).toBe(1);
    expect(samples(histogram.render()).get('h_bucket{le="0.005"}')).toBe(0);
  });

  it('renders zeros before any observation', () => {
    const rendered = samples(new Histogram('h', 'h').render());
    expect(rendered.get('h_bucket{le="+Inf"}')).toBe(0);
    expect(rendered.get('h_count')).toBe(0);
    expect(rendered.get('h_sum')).toBe(0);
  });
});

describe('RelayMetrics.render', () => {
  it('is valid exposition text: every series typed once, every sample well-formed', () => {
    const metrics = new RelayMetrics();
    metrics.refusals.inc(1, { reason: 'read-only' });
    metrics.storeLatency.observe(0.002);
    metrics.gauge('entente_rooms_loaded', 'Rooms held in memory', () => 3);
    const text = metrics.render();
    expect(text.endsWith('\n')).toBe(true);
    const types = text.split('\n').filter((l) => l.startsWith('# TYPE '));
    const names = types.map((l) => l.split(' ')[2]);
    expect(new Set(names).size).toBe(names.length);
    for (const line of text.trimEnd().split('\n')) {
      if (line.startsWith('#')) expect(line).toMatch(/^# (HELP|TYPE) [a-z_]+ .+$/);
      else expect(line).toMatch(/^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9.e+-]+$/);
    }
    const rendered = samples(text);
    expect(rendered.get('entente_refusals_total{reason="read-only"}')).toBe(1);
    expect(rendered.get('entente_rooms_loaded')).toBe(3);
    expect(rendered.get('entente_store_latency_seconds_count')).toBe(1);
    expect(rendered.get('entente_connections_total')).toBe(0);
  });
});
