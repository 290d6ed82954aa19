import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROLES, accessFor, isRole, type Access, type Role, type RoomKind } from './roles.js';

/** The access table of PROTOCOL.md ("Written by" column), written out by hand. */
const EXPECTED: Record<Role, Record<RoomKind, Access>> = {
  chair: { content: 'write', review: 'write', index: 'write' },
  secretariat: { content: 'write', review: 'write', index: 'write' },
  member: { content: 'write', review: 'write', index: 'write' },
  reviewer: { content: 'read', review: 'write', index: 'read' },
  observer: { content: 'read', review: 'read', index: 'read' },
};

const KINDS: RoomKind[] = ['content', 'review', 'index'];

describe('accessFor', () => {
  const cases = ROLES.flatMap((role) => KINDS.map((kind) => [role, kind] as const));

  it.each(cases)('%s in a %s room matches the table', (role, kind) => {
    expect(accessFor(role, kind)).toBe(EXPECTED[role][kind]);
  });

  it('never answers none: every role reads every room of its workspace', () => {
    for (const [role, kind] of cases) expect(accessFor(role, kind)).not.toBe('none');
  });

  it('agrees with the "Written by" column of shared/protocol/PROTOCOL.md', () => {
    const spec = readFileSync(new URL('../protocol/PROTOCOL.md', import.meta.url), 'utf8');
    for (const kind of KINDS) {
      const row = spec.split('\n').find((line) => line.startsWith(`| ${kind} |`));
      expect(row, `PROTOCOL.md has a row for ${kind} rooms`).toBeDefined();
      const cells = (row ?? '').split('|').map((cell) => cell.trim());
      const writers = (cells[4] ?? '').split(',').map((w) => w.trim());
      for (const role of ROLES) {
        expect(accessFor(role, kind), `${role} in ${kind}`).toBe(
          writers.includes(role) ? 'write' : 'read',
        );
      }
    }
  });
});

describe('isRole', () => {
  it.each(ROLES)('accepts %s', (role) => {
    expect(isRole(role)).toBe(true);
  });

  it.each([
    ['Chair'],
    ['admin'],
    [''],
    [' member'],
    ['toString'],
    [null],
    [undefined],
    [3],
    [['member']],
  ])('refuses %j', (value) => {
    expect(isRole(value)).toBe(false);
  });
});
