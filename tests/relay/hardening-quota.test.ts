/**
 * [Hardening 3] The workspace quota on a real relay process: reached across 20 documents while
 * another workspace keeps writing; the writer that would pass it is closed with 4507, nothing
 * acknowledged before is lost (also after a restart), reads go on, and review rooms are written
 * only for documents that exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { ackWriter, type AckWriter } from '../support/ack-client.js';
import { eventually, readText } from '../support/clients.js';
import { removeDir, startRelayProcess, type RelayProcess } from '../support/relay-process.js';
import { token } from '../support/tokens.js';

const LIMIT = 40_000;
let relay: RelayProcess;

beforeAll(async () => {
  relay = await startRelayProcess({ env: { ENTENTE_MAX_WORKSPACE_BYTES: String(LIMIT) } });
});

afterAll(async () => {
  await relay.stop('SIGKILL');
  removeDir(relay.dataDir);
});

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const paragraph = (n: number) => `Paragraphe ${n} : ${'texte du comité '.repeat(30)}\n`;

const textOf = (room: string, ws = 'comite'): Promise<string> =>
  readText(relay.url, room, token({ sub: `lecteur-${room}`, role: 'observer', ws }));

describe('ENTENTE_MAX_WORKSPACE_BYTES', () => {
  it('is reached across 20 documents while another workspace keeps writing', async () => {
    const writers: AckWriter[] = [];
    const closes: Array<{ code: number; reason: string } | null> = [];
    for (let i = 0; i < 20; i++) {
      const w = ackWriter(relay.url, `comite/doc-${i}`, token({ sub: `m${i}` }));
      writers.push(w);
      closes.push(null);
      void w.raw.closed.then((c) => (closes[i] = c));
    }
    const other = ackWriter(relay.url, 'autre/charte', token({ sub: 'x', ws: 'autre' }));
    await Promise.all([...writers, other].map((w) => w.raw.opened));
    for (let round = 0; round < 12; round++) {
      writers.forEach((w, i) => {
        if (closes[i] === null) w.write(paragraph(round));
      });
      other.write(paragraph(round));
      await sleep(100);
    }
    await eventually(() => other.acked() === other.sent.length, 10_000, 'other workspace acked');
    const refused = closes.filter((c) => c !== null);
    expect(refused.length).toBeGreaterThan(0);
    for (const c of refused)
      expect(c).toEqual({ code: CloseCode.WorkspaceFull, reason: expect.stringMatching(/quota/) });
    // The other workspace, under its own quota, had everything stored meanwhile.
    expect(other.sent.length).toBe(12);
    expect(await textOf('autre/charte', 'autre')).toBe(
      Array.from({ length: 12 }, (_, k) => paragraph(k)).join(''),
    );

    // Everything acknowledged is stored, and readable by others.
    const acknowledged: string[] = [];
    for (const [i, w] of writers.entries()) {
      const text = await textOf(`comite/doc-${i}`);
      const expected = Array.from({ length: w.acked() }, (_, k) => paragraph(k)).join('');
      expect(text).toBe(expected);
      acknowledged.push(text);
    }
    const storedChars = acknowledged.join('').length;
    expect(storedChars).toBeLessThanOrEqual(LIMIT);
    expect(storedChars).toBeGreaterThan(LIMIT / 2);

    // And after a restart.
    const port = relay.port;
    await relay.stop('SIGKILL');
    relay = await startRelayProcess({
      dataDir: relay.dataDir,
      port,
      env: { ENTENTE_MAX_WORKSPACE_BYTES: String(LIMIT) },
    });
    for (const [i, text] of acknowledged.entries())
      expect(await textOf(`comite/doc-${i}`)).toBe(text);
    for (const w of [...writers, other]) w.raw.ws.close();
  });
});

describe('review rooms', () => {
  it('are refused (4404) for a document that does not exist, written once it does', async () => {
    const reviewerToken = token({ sub: 'rv', role: 'reviewer', ws: 'revue' });
    const stray = ackWriter(relay.url, 'revue/fantome/_review', reviewerToken);
    await stray.raw.opened;
    stray.write('Un commentaire');
    expect(await stray.raw.closed).toEqual({
      code: CloseCode.DocumentNotFound,
      reason: 'document does not exist',
    });
    expect(await textOf('revue/fantome/_review', 'revue')).toBe('');

    const author = ackWriter(relay.url, 'revue/charte', token({ sub: 'm', ws: 'revue' }));
    await author.raw.opened;
    author.write('Article 1.');
    await eventually(() => author.acked() === 1, 10_000, 'document stored');
    const comment = ackWriter(relay.url, 'revue/charte/_review', reviewerToken);
    await comment.raw.opened;
    comment.write('Préciser l’article 1.');
    await eventually(() => comment.acked() === 1, 10_000, 'comment stored');
    expect(await textOf('revue/charte/_review', 'revue')).toBe('Préciser l’article 1.');
    for (const w of [author, comment]) w.raw.ws.close();
  });
});
