/**
 * A TCP proxy in front of the relay that tests cut and restore: Playwright's offline mode does
 * not cut an open WebSocket (ENVIRONMENT.md), and stopping the relay would lose what it holds.
 * `cut()` resets every proxied connection and refuses new ones (accept-then-reset, like an
 * unreachable relay behind a broken network) until `restore()`.
 */
import { connect, createServer, type Socket } from 'node:net';

/** A running cuttable proxy. */
export interface CuttableProxy {
  /** Its loopback port. */
  readonly port: number;
  /** Drops every connection and refuses new ones. */
  cut(): void;
  /** Accepts connections again. */
  restore(): void;
  /** Stops listening (cut first to end open connections). */
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 forwarding to `127.0.0.1:<targetPort>`. */
export async function startProxy(targetPort: number): Promise<CuttableProxy> {
  let cut = false;
  const pairs = new Set<[Socket, Socket]>();
  const server = createServer((client) => {
    if (cut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    cut: () => {
      cut = true;
      for (const [client, upstream] of pairs) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    restore: () => {
      cut = false;
    },
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
