/**
 * Cross-check of `shared/schema` against the real Tiptap pieces: for every template and demo
 * document, the fragment our own converter writes reads back through `@tiptap/y-tiptap` as the
 * template JSON, equals what y-tiptap's own converter writes, and validates against the schema
 * of the editor (StarterKit with its own link mark, `renderer/editor/safe-link.ts`, + TableKit) —
 * i.e. the editor will open it unchanged.
 *
 * Lives in tests/ because shared/ tests may not import `dom`-classified packages; Tiptap's
 * schema code needs no DOM, so this runs in Node.
 */
/* eslint-disable entente/classified-imports -- Tiptap is `dom` because its editor needs a DOM;
   the schema, model and y-tiptap JSON helpers used here do not, and this file runs in Node.
   A tests/ allowance for `dom` packages is for build/lint/environments.js to decide. */
import { getSchema } from '@tiptap/core';
import { Node } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
/* eslint-enable entente/classified-imports */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEMO_DOCUMENTS } from '../../shared/demo/committee.js';
import { contentOf } from '../../shared/schema/doc-schema.js';
import { seedDocument } from '../../shared/schema/seed.js';
import type { SeedTemplate } from '../../shared/schema/seed.js';
import { TEMPLATES } from '../../shared/schema/templates.js';
import { SafeLink } from '../../renderer/editor/safe-link.js';

// The editor's schema: StarterKit with the app's own link mark (only a checked `href`).
const schema = getSchema([StarterKit.configure({ link: false }), SafeLink, TableKit]);

const CASES: Array<[string, SeedTemplate]> = [
  ...Object.entries(TEMPLATES).map(([kind, make]): [string, SeedTemplate] => [kind, make()]),
  ...DEMO_DOCUMENTS.map((d): [string, SeedTemplate] => [`demo ${d.id}`, d.template]),
];

describe('templates open in Tiptap', () => {
  for (const [name, template] of CASES) {
    it(`${name}: seeded fragment reads back as the template JSON`, () => {
      const doc = new Y.Doc();
      seedDocument(doc, template, `ws/${name.replace(/\W/g, '-')}`);
      expect(yXmlFragmentToProsemirrorJSON(contentOf(doc))).toEqual(template.content);
    });

    it(`${name}: our encoding equals y-tiptap's own`, () => {
      const ours = new Y.Doc();
      seedDocument(ours, template, 'ws/x');
      const theirs = new Y.Doc();
      prosemirrorJSONToYXmlFragment(schema, template.content, theirs.getXmlFragment('content'));
      expect(yXmlFragmentToProsemirrorJSON(contentOf(ours))).toEqual(
        yXmlFragmentToProsemirrorJSON(theirs.getXmlFragment('content')),
      );
    });

    it(`${name}: validates against the editor's schema`, () => {
      const node = Node.fromJSON(schema, template.content);
      expect(() => node.check()).not.toThrow();
      // Defaults are spelled out: ProseMirror's normal form, minus the null attributes that
      // y-tiptap never stores, is the template itself.
      const reread = Node.fromJSON(schema, template.content);
      expect(reread.eq(node)).toBe(true);
    });
  }
});
