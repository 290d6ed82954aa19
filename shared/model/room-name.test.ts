import { describe, expect, it } from 'vitest';
import {
  MAX_ROOM_NAME_LENGTH,
  contentRoom,
  indexRoom,
  isValidId,
  parseRoomName,
  parseRoomPath,
  reviewRoom,
  type RoomNameResult,
} from './room-name.js';

function refused(result: RoomNameResult): string {
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.reason;
}

describe('parseRoomName accepts the three canonical kinds', () => {
  it('content room W/D', () => {
    expect(parseRoomName('comite-numerique/charte-2026')).toEqual({
      ok: true,
      room: {
        name: 'comite-numerique/charte-2026',
        workspace: 'comite-numerique',
        document: 'charte-2026',
        kind: 'content',
      },
    });
  });

  it('review room W/D/_review', () => {
    expect(parseRoomName('comite/charte/_review')).toEqual({
      ok: true,
      room: {
        name: 'comite/charte/_review',
        workspace: 'comite',
        document: 'charte',
        kind: 'review',
      },
    });
  });

  it('index room W/_index, with no document', () => {
    const result = parseRoomName('comite/_index');
    expect(result).toEqual({
      ok: true,
      room: { name: 'comite/_index', workspace: 'comite', kind: 'index' },
    });
    expect(result.ok && 'document' in result.room).toBe(false);
  });

  it('ids of 64 characters, digits, dashes and inner underscores', () => {
    const id = `A-9_${'x'.repeat(60)}`;
    expect(id).toHaveLength(64);
    expect(parseRoomName(`${id}/${id}/_review`).ok).toBe(true);
    expect(parseRoomName('-lead/0_doc').ok).toBe(true);
  });

  it('is case-sensitive: upper case is accepted and names a different room', () => {
    const upper = parseRoomName('Comite/Charte');
    const lower = parseRoomName('comite/charte');
    expect(upper.ok && lower.ok).toBe(true);
    if (upper.ok && lower.ok) {
      expect(upper.room.workspace).toBe('Comite');
      expect(upper.room.name).not.toBe(lower.room.name);
    }
  });
});

describe('parseRoomName refuses anything not canonical', () => {
  it('the empty name', () => {
    expect(refused(parseRoomName(''))).toBe('empty room name');
  });

  it(`a name longer than ${MAX_ROOM_NAME_LENGTH} characters`, () => {
    const name = `w/${'d'.repeat(MAX_ROOM_NAME_LENGTH)}`;
    expect(refused(parseRoomName(name))).toBe('room name too long');
  });

  it('an id of 65 characters', () => {
    expect(refused(parseRoomName(`w/${'d'.repeat(65)}`))).toBe('invalid document id');
    expect(refused(parseRoomName(`${'w'.repeat(65)}/d`))).toBe('invalid workspace id');
  });

  it.each(['comite', 'comite/charte/_review/x', 'a/b/c/d'])('%s (1 or 4 segments)', (name) => {
    expect(refused(parseRoomName(name))).toMatch(/workspace\/document/);
  });

  it.each([
    ['comite/charte.v2', 'a dot'],
    ['comite/..', 'dot-dot'],
    ['../charte', 'dot-dot as workspace'],
    ['comite/%2e%2e', 'percent left after decoding'],
    ['comite/char%20te', 'a percent escape'],
    ['comite/char\u0000te', 'NUL'],
    ['comite/char\nte', 'a line feed'],
    ['comite/char\u007fte', 'DEL'],
    ['comit\u0435/charte', 'Cyrillic e look-alike in the workspace'],
    ['comite/ch\u0430rte', 'Cyrillic a look-alike in the document'],
    ['comite/charté', 'an accented letter'],
    ['comite/char te', 'a space'],
    ['comite//charte', 'an empty segment'],
    ['comite/charte/', 'a trailing slash'],
    ['/comite/charte', 'a leading slash'],
  ])('%j (%s)', (name) => {
    expect(parseRoomName(name).ok).toBe(false);
  });

  it('ids starting with _ other than the reserved _index and _review', () => {
    expect(refused(parseRoomName('_comite/charte'))).toBe('invalid workspace id');
    expect(refused(parseRoomName('comite/_charte'))).toBe('invalid document id');
    expect(refused(parseRoomName('comite/charte/_comments'))).toBe('unknown room kind');
  });

  it('reserved names in the wrong place', () => {
    expect(refused(parseRoomName('_index/charte'))).toBe('invalid workspace id');
    expect(refused(parseRoomName('comite/_review'))).toBe('invalid document id');
    expect(refused(parseRoomName('comite/_index/_review'))).toBe('invalid document id');
    expect(refused(parseRoomName('comite/charte/_index'))).toBe('unknown room kind');
  });
});

describe('isValidId', () => {
  it('follows [A-Za-z0-9-][A-Za-z0-9_-]{0,63}', () => {
    expect(isValidId('a')).toBe(true);
    expect(isValidId('a'.repeat(64))).toBe(true);
    expect(isValidId('a'.repeat(65))).toBe(false);
    expect(isValidId('')).toBe(false);
    expect(isValidId('_a')).toBe(false);
    expect(isValidId('a_')).toBe(true);
    expect(isValidId('a.b')).toBe(false);
    expect(isValidId('a\n')).toBe(false);
  });
});

describe('parseRoomPath decodes exactly once', () => {
  it('accepts a plain path', () => {
    expect(parseRoomPath('/comite/charte')).toMatchObject({
      ok: true,
      room: { name: 'comite/charte', kind: 'content' },
    });
  });

  it('decodes percent-escapes of allowed characters once', () => {
    expect(parseRoomPath('/comite/%63harte')).toMatchObject({
      ok: true,
      room: { name: 'comite/charte' },
    });
    expect(parseRoomPath('/comite%2Fcharte%2F_review')).toMatchObject({
      ok: true,
      room: { name: 'comite/charte/_review', kind: 'review' },
    });
  });

  it('refuses %2e%2e (dots once decoded)', () => {
    expect(parseRoomPath('/comite/%2e%2e').ok).toBe(false);
    expect(parseRoomPath('/%2E%2E/comite').ok).toBe(false);
  });

  it('refuses %252e: one decoding leaves %2e, which is not decoded again', () => {
    expect(refused(parseRoomPath('/comite/%252e%252e'))).toBe('invalid document id');
    expect(refused(parseRoomPath('/comite/charte%2520x'))).toBe('invalid document id');
  });

  it.each(['/comite/%', '/comite/%zz', '/comite/%E0%A4%A', '/comite/%ED%A0%80', '/comite/%C0%AE'])(
    'refuses malformed percent-encoding %s',
    (path) => {
      expect(refused(parseRoomPath(path))).toBe('room name is not valid percent-encoding');
    },
  );

  it('refuses encoded control and non-ASCII characters', () => {
    expect(parseRoomPath('/comite/a%00b').ok).toBe(false);
    expect(parseRoomPath('/comite/a%0Ab').ok).toBe(false);
    expect(parseRoomPath('/comite/ch%D0%B0rte').ok).toBe(false);
  });

  it('refuses a path without a leading slash, the bare slash, and an over-long path', () => {
    expect(refused(parseRoomPath('comite/charte'))).toBe('room path must start with /');
    expect(refused(parseRoomPath('/'))).toBe('empty room name');
    expect(refused(parseRoomPath(`/comite/${'%61'.repeat(MAX_ROOM_NAME_LENGTH)}`))).toBe(
      'room name too long',
    );
  });
});

describe('room helpers round-trip through parseRoomName', () => {
  it('contentRoom', () => {
    expect(parseRoomName(contentRoom('comite', 'charte'))).toMatchObject({
      ok: true,
      room: { workspace: 'comite', document: 'charte', kind: 'content' },
    });
  });

  it('reviewRoom', () => {
    expect(parseRoomName(reviewRoom('comite', 'charte'))).toMatchObject({
      ok: true,
      room: { workspace: 'comite', document: 'charte', kind: 'review' },
    });
  });

  it('indexRoom', () => {
    const parsed = parseRoomName(indexRoom('comite'));
    expect(parsed).toMatchObject({ ok: true, room: { workspace: 'comite', kind: 'index' } });
  });

  it('each helper name is also reachable as a URL path, encoded with encodeURIComponent', () => {
    for (const name of [contentRoom('W', 'D'), reviewRoom('W', 'D'), indexRoom('W')]) {
      const path = `/${name.split('/').map(encodeURIComponent).join('/')}`;
      expect(parseRoomPath(path)).toMatchObject({ ok: true, room: { name } });
    }
  });
});
