import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  DEFAULT_AWARENESS_LIMITS,
  encodeAwarenessUpdate,
  parseAwarenessUpdate,
  rewriteAwarenessState,
  type AwarenessEntry,
  type AwarenessParse,
  type AwarenessUser,
} from './awareness.js';

const LIMITS = { maxEntries: 3, maxStateLength: 100 };
const USER: AwarenessUser = { id: 'u-1', name: 'Claire Martin', org: 'AMF', role: 'member' };

const created: awarenessProtocol.Awareness[] = [];
afterEach(() => {
  for (const a of created.splice(0)) a.destroy(); // stops their renewal timers
});

function awarenessWithClient(clientID: number): awarenessProtocol.Awareness {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const awareness = new awarenessProtocol.Awareness(doc);
  created.push(awareness);
  return awareness;
}

function entriesOf(result: AwarenessParse): AwarenessEntry[] {
  expect(result.ok).toBe(true);
  return result.ok ? result.entries : [];
}

function reasonOf(result: AwarenessParse): string {
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.reason;
}

function rawUpdate(entries: ReadonlyArray<[number, number, string]>, count = entries.length) {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, count);
  for (const [clientId, clock, state] of entries) {
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, state);
  }
  return encoding.toUint8Array(e);
}

describe('parseAwarenessUpdate reads what y-protocols writes', () => {
  it('one real client state: clock, id and JSON state', () => {
    const awareness = awarenessWithClient(31);
    const state = { user: { name: 'Claire', color: '#30bced' }, cursor: { anchor: 3, head: 9 } };
    awareness.setLocalState(state);
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [31]);
    const entries = entriesOf(parseAwarenessUpdate(update, DEFAULT_AWARENESS_LIMITS));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ clientId: 31, clock: awareness.meta.get(31)?.clock });
    expect(JSON.parse(entries[0]?.state ?? '')).toEqual(state);
  });

  it('re-encodes byte for byte what it parsed, including a removal (null state)', () => {
    const a = awarenessWithClient(5);
    const b = awarenessWithClient(600_000);
    a.setLocalState({ user: { name: 'é 🙂' } });
    b.setLocalState({ n: 1 });
    b.setLocalState(null);
    awarenessProtocol.applyAwarenessUpdate(
      a,
      awarenessProtocol.encodeAwarenessUpdate(b, [600_000]),
      'test',
    );
    const update = awarenessProtocol.encodeAwarenessUpdate(a, [5, 600_000]);
    const entries = entriesOf(parseAwarenessUpdate(update, DEFAULT_AWARENESS_LIMITS));
    expect(entries.map((e) => e.state)).toEqual(['{"user":{"name":"é 🙂"}}', 'null']);
    expect(encodeAwarenessUpdate(entries)).toEqual(update);
  });

  it('what we encode is applied by a stock Awareness', () => {
    const receiver = awarenessWithClient(1);
    const update = encodeAwarenessUpdate([
      { clientId: 77, clock: 4, state: '{"user":{"name":"X"},"cursor":null}' },
    ]);
    awarenessProtocol.applyAwarenessUpdate(receiver, update, 'relay');
    expect(receiver.getStates().get(77)).toEqual({ user: { name: 'X' }, cursor: null });
    expect(receiver.meta.get(77)?.clock).toBe(4);
  });

  it('accepts an empty update and the largest 32-bit client id', () => {
    expect(entriesOf(parseAwarenessUpdate(rawUpdate([]), LIMITS))).toEqual([]);
    const entries = entriesOf(parseAwarenessUpdate(rawUpdate([[0xffffffff, 1, '{}']]), LIMITS));
    expect(entries[0]?.clientId).toBe(0xffffffff);
  });
});

describe('parseAwarenessUpdate enforces its limits', () => {
  it('refuses more entries than maxEntries, accepts exactly maxEntries', () => {
    const three: Array<[number, number, string]> = [
      [1, 1, '{}'],
      [2, 1, '{}'],
      [3, 1, '{}'],
    ];
    expect(entriesOf(parseAwarenessUpdate(rawUpdate(three), LIMITS))).toHaveLength(3);
    const four = rawUpdate([...three, [4, 1, '{}']]);
    expect(reasonOf(parseAwarenessUpdate(four, LIMITS))).toBe('too many awareness entries');
  });

  it('refuses a huge announced count before reading entries', () => {
    const update = rawUpdate([[1, 1, '{}']], 2 ** 40);
    expect(reasonOf(parseAwarenessUpdate(update, LIMITS))).toBe('too many awareness entries');
  });

  it('refuses a state longer than maxStateLength, accepts exactly maxStateLength', () => {
    const fits = `"${'x'.repeat(LIMITS.maxStateLength - 2)}"`;
    expect(entriesOf(parseAwarenessUpdate(rawUpdate([[1, 1, fits]]), LIMITS))).toHaveLength(1);
    const over = `"${'x'.repeat(LIMITS.maxStateLength - 1)}"`;
    expect(reasonOf(parseAwarenessUpdate(rawUpdate([[1, 1, over]]), LIMITS))).toBe(
      'awareness state too large',
    );
  });

  it('refuses a client id above 32 bits', () => {
    expect(reasonOf(parseAwarenessUpdate(rawUpdate([[2 ** 32, 1, '{}']]), LIMITS))).toBe(
      'invalid awareness client id',
    );
  });

  it('refuses trailing bytes', () => {
    const update = rawUpdate([[1, 1, '{}']]);
    const longer = new Uint8Array(update.length + 1);
    longer.set(update);
    expect(reasonOf(parseAwarenessUpdate(longer, LIMITS))).toBe(
      'trailing bytes after awareness update',
    );
  });

  it('refuses every truncation of a real update without throwing', () => {
    const awareness = awarenessWithClient(123_456);
    awareness.setLocalState({ user: { name: 'Truncated' }, cursor: { anchor: 1 } });
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [123_456]);
    for (let end = 0; end < update.length; end++) {
      for (const prefix of [update.subarray(0, end), update.slice(0, end)]) {
        let result: AwarenessParse | undefined;
        expect(
          () => (result = parseAwarenessUpdate(prefix, DEFAULT_AWARENESS_LIMITS)),
        ).not.toThrow();
        expect(result?.ok, `prefix of ${end} bytes`).toBe(false);
      }
    }
  });

  it('refuses a state that is not UTF-8, without throwing', () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, Uint8Array.of(0x22, 0xff, 0x22));
    expect(reasonOf(parseAwarenessUpdate(encoding.toUint8Array(e), LIMITS))).toMatch(/malformed/);
  });
});

describe('rewriteAwarenessState', () => {
  function rewritten(state: unknown): Record<string, unknown> {
    const out = rewriteAwarenessState(JSON.stringify(state), USER);
    expect(out).not.toBeNull();
    return JSON.parse(out ?? 'null') as Record<string, unknown>;
  }

  it('replaces a claimed user by the verified identity', () => {
    const state = { user: { id: 'admin', name: 'Président', org: 'X', role: 'chair', extra: 1 } };
    expect(rewritten(state).user).toEqual(USER);
  });

  it('adds the verified user when the client sent none', () => {
    expect(rewritten({ cursor: null })).toEqual({ cursor: null, user: USER });
  });

  it('replaces a user that is not an object', () => {
    expect(rewritten({ user: 'Président' }).user).toEqual(USER);
    expect(rewritten({ user: null }).user).toEqual(USER);
  });

  it('keeps a #rrggbb colour, in either case', () => {
    expect(rewritten({ user: { color: '#30bced' } }).user).toEqual({ ...USER, color: '#30bced' });
    expect(rewritten({ user: { color: '#ABCDEF' } }).user).toEqual({ ...USER, color: '#ABCDEF' });
  });

  it.each([
    'red',
    '#abc',
    '#aabbccdd',
    '#gggggg',
    ' #aabbcc',
    '#aabbcc\n',
    'url(javascript:alert(1))',
    '#aabbcc;background:url(x)',
  ])('drops the colour %j', (color) => {
    expect(rewritten({ user: { color } }).user).toEqual(USER);
  });

  it('drops a colour that is not a string', () => {
    expect(rewritten({ user: { color: 0x30bced } }).user).toEqual(USER);
  });

  it('keeps every other field (cursor, custom data) as is', () => {
    const cursor = { anchor: { type: null, tname: 'prosemirror', item: null, assoc: 0 }, head: 5 };
    const out = rewritten({ user: { name: 'x' }, cursor, typing: true, list: [1, 'a'] });
    expect(out).toEqual({ user: USER, cursor, typing: true, list: [1, 'a'] });
  });

  it('passes null (the client left) through', () => {
    expect(rewriteAwarenessState('null', USER)).toBe('null');
    expect(rewriteAwarenessState(' null ', USER)).toBe('null');
  });

  it.each(['[]', '[{"user":1}]', '42', '"text"', 'true', '', '{', "{'a':1}", 'undefined', 'NaN'])(
    'refuses %j (not a JSON object)',
    (state) => {
      expect(rewriteAwarenessState(state, USER)).toBeNull();
    },
  );
});
