import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  docWithClient,
  largeRealUpdate,
  legacyJsonUpdate,
  realUpdates,
} from '../testing/yjs-updates.js';
import {
  DEFAULT_UPDATE_LIMITS,
  type ParsedUpdate,
  type UpdateCheck,
  validateStateVector,
  validateUpdate,
} from './update-validator.js';

/** What Yjs's own decoder says an update holds, in `ParsedUpdate` terms. */
function summariseWithYjs(update: Uint8Array): Omit<ParsedUpdate, 'isEmpty'> {
  const decoded = Y.decodeUpdate(update);
  const structs = new Map<number, { clock: number; end: number }>();
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    const range = structs.get(client);
    structs.set(client, { clock: range?.clock ?? clock, end: clock + struct.length });
  }
  const deletes = [...decoded.ds.clients].flatMap(([client, items]) =>
    items.map((item) => ({ client, clock: item.clock, len: item.len })),
  );
  const hasSkips = decoded.structs.some((struct) => struct instanceof Y.Skip);
  return { structs, structCount: decoded.structs.length, hasSkips, deletes };
}

function expectOk(check: UpdateCheck): ParsedUpdate {
  if (!check.ok) throw new Error(`expected ok, got: ${check.reason}`);
  return check.update;
}

function expectRejected(
  check: UpdateCheck | ReturnType<typeof validateStateVector>,
  reason: RegExp,
): void {
  expect(check.ok).toBe(false);
  if (!check.ok) expect(check.reason).toMatch(reason);
}

/** Builds bytes with lib0's encoder (the writer every Yjs client uses). */
function bytes(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/**
 * An update with one client block of one item in root type `root`; `writeContent` writes the
 * content for content ref `info & 31`.
 */
function oneItem(
  info: number,
  writeContent: (e: encoding.Encoder) => void,
  root = 'r',
): Uint8Array {
  return bytes((e) => {
    encoding.writeVarUint(e, 1); // client blocks
    encoding.writeVarUint(e, 1); // structs
    encoding.writeVarUint(e, 7); // client
    encoding.writeVarUint(e, 0); // clock
    encoding.writeUint8(e, info);
    encoding.writeVarUint(e, 1); // parent is a root type
    encoding.writeVarString(e, root);
    writeContent(e);
    encoding.writeVarUint(e, 0); // no deletes
  });
}

const STRING = 4;
const EMBED = 5;
const FORMAT = 6;
const TYPE = 7;
const ANY = 8;

describe('validateUpdate accepts what Yjs produces', () => {
  const updates = realUpdates();

  it.each(updates.map((u) => [u.name, u.update] as const))('%s', (_name, update) => {
    const parsed = expectOk(validateUpdate(update));
    const { isEmpty, ...summary } = parsed;
    expect(summary).toEqual(summariseWithYjs(update));
    expect(isEmpty).toBe(summary.structCount === 0 && summary.deletes.length === 0);
  });

  it('has Skip structs in merges of non-adjacent updates', () => {
    const skipping = updates.filter((u) => u.name.includes('skip'));
    expect(skipping.length).toBeGreaterThan(0);
    for (const { update } of skipping) expect(expectOk(validateUpdate(update)).hasSkips).toBe(true);
  });

  it('reports the empty update of an empty document as empty', () => {
    const update = Y.encodeStateAsUpdate(new Y.Doc());
    expect(update).toEqual(new Uint8Array([0, 0]));
    expect(expectOk(validateUpdate(update))).toEqual({
      structs: new Map(),
      structCount: 0,
      hasSkips: false,
      deletes: [],
      isEmpty: true,
    });
  });

  it('accepts legacy JSON content, including the bare word undefined, as Yjs does', () => {
    const update = legacyJsonUpdate();
    expectOk(validateUpdate(update));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    expect(doc.getArray('legacy').toArray()).toEqual([{ a: [1, 2] }, undefined]);
  });

  it('parses a 1 MiB update of ~55,000 structs in one linear pass', () => {
    const update = largeRealUpdate(1024 * 1024);
    expect(update.length).toBeGreaterThanOrEqual(1024 * 1024);
    const parsed = expectOk(validateUpdate(update));
    expect(parsed.structCount).toBe(Y.decodeUpdate(update).structs.length);
    expect(parsed.structCount).toBeGreaterThan(40_000);
  });
});

describe('validateUpdate rejects hostile input with a reason', () => {
  const sample = realUpdates().filter((u) => u.name.endsWith('(state)'));

  it.each(sample.map((u) => [u.name, u.update] as const))(
    'every truncation of %s',
    (_name, update) => {
      for (let length = 0; length < update.length; length++) {
        expectRejected(
          validateUpdate(update.subarray(0, length)),
          /truncated|exceeds the remaining/,
        );
      }
    },
  );

  it('a client count larger than the input could hold', () => {
    expectRejected(
      validateUpdate(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0])),
      /client count/,
    );
  });

  it('a string length larger than the input', () => {
    const update = bytes((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 7);
      encoding.writeVarUint(e, 0);
      encoding.writeUint8(e, STRING);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 2 ** 30); // root name length
      encoding.writeUint8(e, 0x61);
    });
    expectRejected(validateUpdate(update), /root type name length \d+ exceeds the remaining bytes/);
  });

  it('a varUint longer than 7 bytes', () => {
    const tenBytes = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
    expectRejected(validateUpdate(new Uint8Array([...tenBytes, 0])), /longer than 7 bytes/);
    const eightBytes = [0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00];
    expectRejected(validateUpdate(new Uint8Array([0, ...eightBytes])), /longer than 7 bytes/);
  });

  it('a clock that overflows the safe integer range', () => {
    const update = bytes((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 20);
      encoding.writeVarUint(e, 7);
      encoding.writeVarUint(e, 2 ** 49 - 1);
      for (let i = 0; i < 20; i++) {
        encoding.writeUint8(e, 0); // GC
        encoding.writeVarUint(e, 2 ** 49 - 1);
      }
      encoding.writeVarUint(e, 0);
    });
    expectRejected(validateUpdate(update), /clock overflow/);
  });

  it.each([
    ['content ref 11', 11, /unknown content ref 11/],
    ['content ref 31', 31, /unknown content ref 31/],
    ['subdocument content', 9, /subdocument/],
  ])('an unknown or unsupported content ref: %s', (_name, info, reason) => {
    expectRejected(validateUpdate(oneItem(info, (e) => encoding.writeVarString(e, 'x'))), reason);
  });

  it('a subdocument made by Yjs', () => {
    const doc = docWithClient(1);
    doc.getMap('m').set('sub', new Y.Doc());
    expectRejected(
      validateUpdate(Y.encodeStateAsUpdate(doc)),
      /subdocument content is not supported/,
    );
  });

  it('an unknown shared type ref', () => {
    expectRejected(
      validateUpdate(oneItem(TYPE, (e) => encoding.writeVarUint(e, 7))),
      /unknown type ref 7/,
    );
  });

  it('invalid JSON in embeds, format values and JSON content, without echoing it', () => {
    const embed = oneItem(EMBED, (e) => encoding.writeVarString(e, '{"secret": '));
    expectRejected(validateUpdate(embed), /^embed content is not valid JSON$/);
    const format = oneItem(FORMAT, (e) => {
      encoding.writeVarString(e, 'bold');
      encoding.writeVarString(e, 'undefined'); // only legacy JSON content may hold this word
    });
    expectRejected(validateUpdate(format), /^format value is not valid JSON$/);
    const json = oneItem(2, (e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, "{'single': 'quotes'}");
    });
    expectRejected(validateUpdate(json), /^JSON content is not valid JSON$/);
  });

  it.each([
    ['a stray continuation byte', [0x80]],
    ['a truncated sequence', [0xc3]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ])('invalid UTF-8: %s', (_name, raw) => {
    const update = oneItem(STRING, (e) =>
      encoding.writeVarUint8Array(e, new Uint8Array([0x61, ...raw])),
    );
    expectRejected(validateUpdate(update), /^string content is not valid UTF-8$/);
  });

  it('10,000 nested any arrays', () => {
    const update = oneItem(ANY, (e) => {
      encoding.writeVarUint(e, 1);
      for (let i = 0; i < 10_000; i++) {
        encoding.writeUint8(e, 117); // array…
        encoding.writeVarUint(e, 1); // …of one element
      }
      encoding.writeUint8(e, 126); // null
    });
    expectRejected(validateUpdate(update), /any value nested deeper than 64/);
  });

  it('JSON nested deeper than the limit', () => {
    const deep = `${'['.repeat(65)}${']'.repeat(65)}`;
    expectRejected(
      validateUpdate(oneItem(EMBED, (e) => encoding.writeVarString(e, deep))),
      /nested deeper than 64/,
    );
    const fine = `${'['.repeat(64)}"[[[["${']'.repeat(64)}`;
    expectOk(validateUpdate(oneItem(EMBED, (e) => encoding.writeVarString(e, fine))));
  });

  it('trailing bytes after the delete set', () => {
    const [first] = realUpdates();
    if (first === undefined) throw new Error('no fixture');
    expectRejected(validateUpdate(new Uint8Array([...first.update, 0])), /trailing bytes/);
  });

  it('an any object key __proto__, which lib0 would turn into a prototype', () => {
    const update = oneItem(ANY, (e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeUint8(e, 118); // object
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, '__proto__');
      encoding.writeUint8(e, 118);
      encoding.writeVarUint(e, 0);
    });
    expectRejected(validateUpdate(update), /__proto__/);
  });

  it.each([
    [
      'an empty string item',
      oneItem(STRING, (e) => encoding.writeVarString(e, '')),
      /empty string/,
    ],
    [
      'an empty any item',
      oneItem(ANY, (e) => encoding.writeVarUint(e, 0)),
      /any content count is zero/,
    ],
    [
      'a zero-length deleted item',
      oneItem(1, (e) => encoding.writeVarUint(e, 0)),
      /deleted content length is zero/,
    ],
    [
      'an any tag of 115',
      oneItem(ANY, (e) => [1, 115].forEach((b) => encoding.writeUint8(e, b))),
      /unknown any value tag 115/,
    ],
  ])('%s', (_name, update, reason) => {
    expectRejected(validateUpdate(update), reason);
  });

  it('a zero-length GC struct, a GC with item flags, and an unknown parent info', () => {
    const header = [1, 1, 7, 0];
    expectRejected(validateUpdate(new Uint8Array([...header, 0, 0, 0])), /GC length is zero/);
    expectRejected(
      validateUpdate(new Uint8Array([...header, 0x80, 1, 0])),
      /GC or Skip struct with item flags/,
    );
    expectRejected(
      validateUpdate(new Uint8Array([...header, STRING, 2, 1, 0x61, 0])),
      /unknown parent info 2/,
    );
  });

  it('inputs beyond the configured limits', () => {
    const [, , update] = realUpdates();
    if (update === undefined) throw new Error('no fixture');
    const limits = { ...DEFAULT_UPDATE_LIMITS };
    expectRejected(
      validateUpdate(update.update, { ...limits, maxBytes: update.update.length - 1 }),
      /above the limit/,
    );
    expectRejected(
      validateUpdate(new Uint8Array([2, 1, 7, 0, 0, 1, 1, 8, 0, 0, 1, 0]), {
        ...limits,
        maxClients: 1,
      }),
      /client count 2 is above the limit 1/,
    );
    expectRejected(
      validateUpdate(new Uint8Array([1, 2, 7, 0, 0, 1, 0, 1, 0]), {
        ...limits,
        maxStructsPerClient: 1,
      }),
      /struct count 2/,
    );
    expectRejected(
      validateUpdate(new Uint8Array([0, 1, 7, 2, 0, 1, 4, 1]), { ...limits, maxDeleteRanges: 1 }),
      /delete range count/,
    );
  });

  it('never puts document content in a reason', () => {
    const secret = 'TOP-SECRET-MINUTES';
    const hostile = [
      oneItem(EMBED, (e) => encoding.writeVarString(e, `{"${secret}"`)),
      oneItem(STRING, (e) =>
        encoding.writeVarUint8Array(e, new Uint8Array([...new TextEncoder().encode(secret), 0xff])),
      ),
      oneItem(11, (e) => encoding.writeVarString(e, secret), secret),
    ];
    for (const update of hostile) {
      const check = validateUpdate(update);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.reason).not.toContain(secret);
    }
  });
});

describe('validateStateVector', () => {
  it('accepts what Yjs produces', () => {
    const doc = docWithClient(5);
    doc.getText('t').insert(0, 'abc');
    const other = docWithClient(300);
    other.getText('t').insert(0, 'xyz');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    const check = validateStateVector(Y.encodeStateVector(doc));
    expect(check).toEqual({ ok: true, stateVector: Y.decodeStateVector(Y.encodeStateVector(doc)) });
    expect(validateStateVector(Y.encodeStateVector(new Y.Doc()))).toEqual({
      ok: true,
      stateVector: new Map(),
    });
  });

  it('rejects truncation, duplicates, trailing bytes, huge counts and long varUints', () => {
    expectRejected(validateStateVector(new Uint8Array([])), /truncated/);
    expectRejected(validateStateVector(new Uint8Array([1, 5])), /exceeds the remaining bytes/);
    expectRejected(validateStateVector(new Uint8Array([2, 5, 1, 5, 2])), /client appears twice/);
    expectRejected(validateStateVector(new Uint8Array([1, 5, 1, 0])), /trailing bytes/);
    expectRejected(
      validateStateVector(new Uint8Array([0xff, 0xff, 0xff, 0x7f])),
      /above the limit|exceeds/,
    );
    expectRejected(
      validateStateVector(new Uint8Array([1, 5, ...Array(8).fill(0x80), 1])),
      /longer than 7 bytes/,
    );
    expectRejected(
      validateStateVector(new Uint8Array([0]), { maxBytes: 0, maxClients: 1 }),
      /above the limit/,
    );
  });
});
