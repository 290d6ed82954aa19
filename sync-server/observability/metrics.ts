/**
 * A small Prometheus registry: counters, gauges and one latency histogram, rendered in the text
 * exposition format at `GET /metrics`. Written here rather than pulled in because the relay
 * needs a dozen series and nothing else of a metrics library.
 */
type Labels = Record<string, string>;

function labelKey(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${String(labels[k]).replace(/["\\\n]/g, '_')}"`).join(',')}}`;
}

/** A monotonically increasing counter, optionally labelled. */
export class Counter {
  private readonly values = new Map<string, number>();
  /** @param name metric name; @param help one-line description. */
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  /** Adds `by` (default 1). */
  inc(by = 1, labels?: Labels): void {
    // Unlabelled counters sit on hot paths (bytes sent): skip building a key for them.
    const key = labels === undefined ? '' : labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  /** Current value for the labels. */
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }
  /** Exposition lines. */
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const [key, value] of this.values) lines.push(`${this.name}${key} ${value}`);
    return lines.join('\n');
  }
}

/** A gauge whose value is read when rendered. */
export class Gauge {
  /** @param read returns the current value. */
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => number,
  ) {}
  /** Exposition lines. */
  render(): string {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} gauge`,
      `${this.name} ${this.read()}`,
    ].join('\n');
  }
}

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** A histogram of durations in seconds. */
export class Histogram {
  private readonly counts = BUCKETS.map(() => 0);
  private sum = 0;
  private count = 0;
  /** @param name metric name; @param help one-line description. */
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  /** Records one observation, in seconds. */
  observe(seconds: number): void {
    this.sum += seconds;
    this.count += 1;
    BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) this.counts[i] = (this.counts[i] ?? 0) + 1;
    });
  }
  /** Exposition lines. */
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    BUCKETS.forEach((bound, i) =>
      lines.push(`${this.name}_bucket{le="${bound}"} ${this.counts[i]}`),
    );
    lines.push(
      `${this.name}_bucket{le="+Inf"} ${this.count}`,
      `${this.name}_sum ${this.sum}`,
      `${this.name}_count ${this.count}`,
    );
    return lines.join('\n');
  }
}

/** Every series the relay exposes. Gauges are bound by the composition root. */
export class RelayMetrics {
  readonly connections = new Counter('entente_connections_total', 'WebSocket connections accepted');
  readonly refusals = new Counter(
    'entente_refusals_total',
    'Connections or messages refused, by reason',
  );
  readonly updatesReceived = new Counter(
    'entente_updates_received_total',
    'Document updates received from clients',
  );
  readonly updatesStored = new Counter(
    'entente_updates_stored_total',
    'Document updates durably stored',
  );
  readonly deliveries = new Counter(
    'entente_deliveries_total',
    'Update messages delivered to clients',
  );
  readonly bytesReceived = new Counter(
    'entente_bytes_received_total',
    'Bytes received from clients',
  );
  readonly bytesSent = new Counter('entente_bytes_sent_total', 'Bytes sent to clients');
  readonly compactions = new Counter(
    'entente_compactions_total',
    'Room logs compacted into snapshots',
  );
  readonly storeLatency = new Histogram(
    'entente_store_latency_seconds',
    'Time to durably commit one batch',
  );
  private readonly gauges: Gauge[] = [];

  /** Registers a gauge read at render time. */
  gauge(name: string, help: string, read: () => number): void {
    this.gauges.push(new Gauge(name, help, read));
  }

  /** The whole exposition text. */
  render(): string {
    const series = [
      this.connections,
      this.refusals,
      this.updatesReceived,
      this.updatesStored,
      this.deliveries,
      this.bytesReceived,
      this.bytesSent,
      this.compactions,
      this.storeLatency,
      ...this.gauges,
    ];
    return `${series.map((s) => s.render()).join('\n')}\n`;
  }
}
