/**
 * Remote members typing into the committee document while the page is measured: stock
 * y-websocket clients (`tests/support/clients.ts`) in this process, each at the end of its own
 * paragraph, a character every 150–350 ms (about 4 a second, a brisk typist), one in ten a
 * backspace, each keystroke its own Yjs update followed by a caret move in awareness — as the
 * editor's Collaboration and caret extensions send them, so the page also redraws their carets.
 */
import * as Y from 'yjs';
import { ORGANISATIONS } from '../../../shared/demo/organisations.js';
import { contentOf } from '../../../shared/schema/doc-schema.js';
import { stockClient, synced, type StockClient } from '../../support/clients.js';
import { token } from '../../support/tokens.js';

/** Typing peers; `stop` disconnects them. */
export interface PeerGroup {
  /** Keystrokes sent so far, all peers together. */
  keystrokes(): number;
  stop(): void;
}

/** Options of {@link startPeers}. */
export interface PeerOptions {
  readonly url: string;
  readonly workspace: string;
  readonly room: string;
  readonly count: number;
  /** What they type; peer i starts at a different place. */
  readonly text: string;
  /** Pause between two keystrokes of one peer, uniform in [min, max) ms. */
  readonly delayMs: readonly [number, number];
}

/** The paragraph peer `index` of `count` types into: spread over the document, never the last. */
function paragraphFor(doc: Y.Doc, index: number, count: number): Y.XmlText {
  const paragraphs = contentOf(doc)
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement)
    .filter((node) => node.nodeName === 'paragraph')
    .slice(0, -1);
  const paragraph = paragraphs[Math.floor(((index + 0.5) * paragraphs.length) / count)];
  if (paragraph === undefined) throw new Error('the document has no paragraph to type into');
  const first = paragraph.get(0);
  if (first instanceof Y.XmlText) return first;
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  return text;
}

/** Connects `count` peers and starts them typing. */
export async function startPeers(options: PeerOptions): Promise<PeerGroup> {
  // Each stock provider adds a process 'exit' listener; that many is expected here.
  process.setMaxListeners(Math.max(process.getMaxListeners(), options.count + 10));
  const clients: StockClient[] = [];
  /** Each peer's next keystroke. */
  const timers: ReturnType<typeof setTimeout>[] = [];
  let keystrokes = 0;
  let stopped = false;
  const [min, max] = options.delayMs;
  for (let i = 0; i < options.count; i++) {
    const org = ORGANISATIONS[i % ORGANISATIONS.length]?.acronym ?? 'AMF';
    const client = stockClient(options.url, options.room, {
      token: token({ sub: `pair-${i + 1}`, name: `Pair ${i + 1}`, org, ws: options.workspace }),
    });
    clients.push(client);
    await synced(client);
    const text = paragraphFor(client.doc, i, options.count);
    const source = options.text;
    let next = (i * 997) % Math.max(1, source.length);
    let typed = 0;
    const awareness = client.provider.awareness;
    const tick = (): void => {
      if (stopped) return;
      let offset = text.length;
      if (typed > 0 && Math.random() < 0.1) {
        text.delete(offset - 1, 1);
        typed -= 1;
        offset -= 1;
      } else {
        text.insert(offset, source[next] ?? ' ');
        next = (next + 1) % source.length;
        typed += 1;
        offset += 1;
      }
      keystrokes += 1;
      const caret = Y.createRelativePositionFromTypeIndex(text, offset);
      awareness.setLocalStateField('cursor', { anchor: caret, head: caret });
      timers[i] = setTimeout(tick, min + Math.random() * (max - min));
    };
    // Staggered starts, so that the peers do not type in step.
    timers[i] = setTimeout(tick, Math.random() * max);
  }
  return {
    keystrokes: () => keystrokes,
    stop: () => {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      for (const client of clients) {
        client.destroy();
        // The provider leaves its awareness (and the awareness's timer) to the doc's lifetime.
        client.doc.destroy();
      }
    },
  };
}
