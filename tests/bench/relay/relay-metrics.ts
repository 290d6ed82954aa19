/**
 * Reads our relay's own Prometheus counters (`GET /metrics`), to explain the numbers the
 * clients saw: how long its durable commits took, and whether its delivery count agrees with
 * the receivers'. The reference server has no such endpoint.
 */
import { get } from 'node:http';

/** Metric values by series (`name` or `name{labels}`). */
export type MetricValues = Map<string, number>;

/** Fetches and parses `/metrics`; an empty map when it cannot. */
export function scrapeMetrics(port: number): Promise<MetricValues> {
  return new Promise((ok) => {
    const request = get({ host: '127.0.0.1', port, path: '/metrics', timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        const values: MetricValues = new Map();
        for (const line of body.split('\n')) {
          if (line.startsWith('#') || line.trim() === '') continue;
          const at = line.lastIndexOf(' ');
          values.set(line.slice(0, at), Number(line.slice(at + 1)));
        }
        ok(values);
      });
    });
    request.on('error', () => ok(new Map()));
    request.on('timeout', () => request.destroy());
  });
}

/** What changed between two scrapes: commits and their latency, deliveries, refusals. */
export function describeMetrics(before: MetricValues, after: MetricValues): string {
  const delta = (key: string): number => (after.get(key) ?? 0) - (before.get(key) ?? 0);
  const commits = delta('entente_store_latency_seconds_count');
  const seconds = delta('entente_store_latency_seconds_sum');
  // 99th percentile of commit time, to the bucket bound (bucket counts are cumulative).
  let p99 = '—';
  const buckets = [...after.keys()]
    .map((key) => ({ key, m: /^entente_store_latency_seconds_bucket\{le="([^"]+)"\}$/.exec(key) }))
    .filter(({ m }) => m !== null && m[1] !== '+Inf')
    .map(({ key, m }) => ({ key, bound: Number(m?.[1]) }))
    .sort((a, b) => a.bound - b.bound);
  for (const { key, bound } of buckets) {
    if (commits > 0 && delta(key) >= 0.99 * commits) {
      p99 = `≤ ${bound * 1000} ms`;
      break;
    }
  }
  const refusals = [...after.keys()]
    .filter((key) => key.startsWith('entente_refusals_total') && delta(key) > 0)
    .map((key) => `${key.replace('entente_refusals_total', '')} ${delta(key)}`);
  return (
    `${commits} durable commits of ${delta('entente_updates_stored_total')} updates, ` +
    `mean commit ${commits > 0 ? ((seconds / commits) * 1000).toFixed(2) : '—'} ms, 99 % ${p99}; ` +
    `relay counted ${delta('entente_deliveries_total')} deliveries; ` +
    `refusals: ${refusals.length > 0 ? refusals.join(', ') : 'none'}`
  );
}
