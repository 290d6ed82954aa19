import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isRole } from '../model/roles.js';
import { isValidId } from '../model/room-name.js';
import { displayedHeadings } from '../schema/article-numbering.js';
import { contentOf, readMeta, setCreation } from '../schema/doc-schema.js';
import { textOf } from '../schema/prosemirror-json.js';
import { seedDocument } from '../schema/seed.js';
import { AGENDA_ITEMS, MEETING_HOURS } from './agenda.js';
import { DEMO_COMMITTEE, DEMO_DOCUMENTS, demoRoomName } from './committee.js';

const charter = DEMO_DOCUMENTS.find((d) => d.id === 'charte-2026');

describe('demo committee', () => {
  it('has one chair, a secretariat, several members, one reviewer, one observer', () => {
    const roles = DEMO_COMMITTEE.users.map((u) => u.role);
    expect(roles.every(isRole)).toBe(true);
    expect(roles.filter((r) => r === 'chair')).toHaveLength(1);
    expect(roles).toContain('secretariat');
    expect(roles.filter((r) => r === 'member').length).toBeGreaterThanOrEqual(3);
    expect(roles.filter((r) => r === 'reviewer')).toHaveLength(1);
    expect(roles.filter((r) => r === 'observer')).toHaveLength(1);
    const chair = DEMO_COMMITTEE.users.find((u) => u.role === 'chair');
    expect(chair?.organisation).toBe('men');
  });

  it('uses valid, unique ids, and every user belongs to a known organisation', () => {
    expect(isValidId(DEMO_COMMITTEE.workspaceId)).toBe(true);
    const ids = DEMO_COMMITTEE.users.map((u) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every(isValidId)).toBe(true);
    const orgs = new Set(DEMO_COMMITTEE.organisations.map((o) => o.id));
    expect(DEMO_COMMITTEE.users.every((u) => orgs.has(u.organisation))).toBe(true);
    // Every organisation has a seat.
    expect(new Set(DEMO_COMMITTEE.users.map((u) => u.organisation))).toEqual(orgs);
  });

  it('the charter mentions every partner organisation', () => {
    const text = textOf(charter?.template.content ?? { type: 'doc' });
    for (const org of DEMO_COMMITTEE.organisations) {
      expect(text).toContain(org.name.slice(org.name.indexOf(' ') + 1));
      if (org.id !== 'men') expect(text).toContain(`(${org.acronym})`);
    }
  });

  it('the charter carries the consultation’s figures and numbers its articles at display', () => {
    const content = charter?.template.content ?? { type: 'doc' };
    // Compare with plain spaces: typography puts (narrow) no-break spaces in numbers.
    const text = textOf(content).replace(/[\u00a0\u202f]/g, ' ');
    for (const fact of ['60 000', '51 000', '150 rencontres', '1 116', '95 %', '93 %', '77 %']) {
      expect(text).toContain(fact);
    }
    const headings = displayedHeadings(content);
    expect(headings).toContain('Article\u00a01er\u00a0– Objet');
    expect(headings.filter((h) => h.startsWith('Article'))).toHaveLength(9);
  });

  it('the agenda’s durations fill the meeting', () => {
    expect(AGENDA_ITEMS.reduce((sum, item) => sum + item.minutes, 0)).toBe(MEETING_HOURS.minutes);
  });

  for (const demo of DEMO_DOCUMENTS) {
    it(`[seed-once] ${demo.id} seeds once across two offline replicas`, () => {
      const key = demoRoomName(demo.id);
      const a = new Y.Doc();
      const b = new Y.Doc();
      seedDocument(a, demo.template, key);
      setCreation(a, demo.createdBy, 1);
      seedDocument(b, demo.template, key);
      seedDocument(b, demo.template, key);
      const alone = contentOf(a).toString();
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
      expect(contentOf(b).toString()).toBe(alone);
      expect(readMeta(b).meta).toMatchObject({
        title: demo.template.title,
        createdBy: demo.createdBy,
      });
    });
  }
});
