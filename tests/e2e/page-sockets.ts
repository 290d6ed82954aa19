/**
 * Every WebSocket a Playwright page opens, as the browser reports it (`page.on('websocket')`):
 * how many were made, which are open now and the most that were open at once — what "one
 * connection per committee" is checked against. Attach it before the page loads the app.
 */
import type { Page, WebSocket } from 'playwright';

/** The sockets of one page. */
export interface PageSockets {
  /** URL of every socket made so far, in order (failed attempts included). */
  readonly urls: string[];
  /** URLs of the sockets open now (not closed, not failed). */
  open(): string[];
  /** The most sockets open at the same time so far. */
  readonly mostOpen: number;
}

/** Starts recording `page`'s sockets. */
export function watchPageSockets(page: Page): PageSockets {
  const urls: string[] = [];
  const live = new Set<WebSocket>();
  let mostOpen = 0;
  page.on('websocket', (socket) => {
    urls.push(socket.url());
    live.add(socket);
    mostOpen = Math.max(mostOpen, live.size);
    const gone = (): void => {
      live.delete(socket);
    };
    socket.on('close', gone);
    socket.on('socketerror', gone);
  });
  return {
    urls,
    open: () => [...live].filter((socket) => !socket.isClosed()).map((socket) => socket.url()),
    get mostOpen() {
      return mostOpen;
    },
  };
}
