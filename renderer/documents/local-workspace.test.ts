/**
 * `LocalWorkspace` over the in-memory store (same `DocStore` contract as Dexie): templates are
 * seeded and indexed, renames and archives reach both rooms, search is local and forgiving, and
 * a workspace reopened on the same store sees everything.
 */
import { describe, expect, it } from 'vitest';
import { readMeta } from '../../shared/schema/doc-schema.js';
import { MemoryDocStore } from '../../shared/storage/memory-doc-store.js';
import { plainText } from './document-text.js';
import { LocalWorkspace, ReadOnlyWorkspaceError } from './local-workspace.js';
import { contentOf } from '../../shared/schema/doc-schema.js';

function workspaceOn(store: MemoryDocStore): Promise<LocalWorkspace> {
  let clock = 1_000;
  let n = 0;
  return LocalWorkspace.open({ store, now: () => ++clock, randomId: () => `id${++n}` });
}

describe('LocalWorkspace', () => {
  it('creates from the French template and indexes the document', async () => {
    const store = new MemoryDocStore();
    const workspace = await workspaceOn(store);
    const id = await workspace.create('charte');
    expect(id).toBe('charte-id1');
    expect(workspace.list()).toMatchObject([
      { id, title: 'Charte du comité', kind: 'charte', archived: false },
    ]);
    const handle = await workspace.acquire(id);
    expect(readMeta(handle.doc).meta).toMatchObject({ kind: 'charte', createdBy: 'local' });
    expect(plainText(contentOf(handle.doc))).toContain('Préambule');
    workspace.release(id);
  });

  it('prepares the minutes of an agenda once, under an id every replica derives', async () => {
    const workspace = await workspaceOn(new MemoryDocStore());
    const agenda = await workspace.create('ordre-du-jour');
    await workspace.rename(agenda, 'Ordre du jour – séance du 6 octobre');
    const minutes = await workspace.minutesFor(agenda);
    expect(minutes).toBe(`cr-${agenda}`);
    const handle = await workspace.acquire(minutes);
    handle.doc.getText('scratch').insert(0, 'déjà commencé');
    workspace.release(minutes);
    // Asking again opens the same minutes, untouched.
    expect(await workspace.minutesFor(agenda)).toBe(minutes);
    const again = await workspace.acquire(minutes);
    expect(again.doc.getText('scratch').toString()).toBe('déjà commencé');
    expect(readMeta(again.doc).meta).toMatchObject({ kind: 'compte-rendu' });
    workspace.release(minutes);
    expect(workspace.list().filter((entry) => entry.kind === 'compte-rendu')).toMatchObject([
      { id: minutes, title: 'Compte rendu – séance du 6 octobre' },
    ]);
    await expect(workspace.minutesFor('ordre-du-jour-inconnu')).rejects.toThrow(/unknown document/);
  });

  it('renames, archives and reopens from the store', async () => {
    const store = new MemoryDocStore();
    const workspace = await workspaceOn(store);
    const id = await workspace.create('convention');
    await workspace.rename(id, '  Convention\nÉcole – Ville ');
    await workspace.setArchived(id, true);
    await expect(workspace.rename(id, '   ')).rejects.toThrow();
    const reopened = await workspaceOn(store);
    expect(reopened.list()).toMatchObject([
      { id, title: 'Convention École – Ville', archived: true },
    ]);
    const handle = await reopened.acquire(id);
    expect(readMeta(handle.doc).meta.title).toBe('Convention École – Ville');
    reopened.release(id);
  });

  it('searches titles and text without case, accents or no-break spaces', async () => {
    const store = new MemoryDocStore();
    const workspace = await workspaceOn(store);
    const charter = await workspace.create('charte');
    const agenda = await workspace.create('ordre-du-jour');
    // Template text: "Date : " is stored with a no-break space before the colon.
    expect((await workspace.search('date :', false)).map((hit) => hit.id)).toEqual([agenda]);
    expect((await workspace.search('PREAMBULE', false)).map((hit) => hit.id)).toEqual([charter]);
    const byTitle = await workspace.search('ordre du', false);
    expect(byTitle).toMatchObject([{ id: agenda, inTitle: true }]);
    await workspace.setArchived(charter, true);
    expect(await workspace.search('préambule', false)).toEqual([]);
    expect(await workspace.search('préambule', true)).toHaveLength(1);
  });

  it('a document reopened right after release sees its last edits', async () => {
    const store = new MemoryDocStore();
    const workspace = await workspaceOn(store);
    const id = await workspace.create('compte-rendu');
    const first = await workspace.acquire(id);
    first.doc.getText('probe').insert(0, 'dernière frappe');
    workspace.release(id);
    const second = await workspace.acquire(id);
    expect(second.doc.getText('probe').toString()).toBe('dernière frappe');
    workspace.release(id);
  });

  it('[Issue 9, point 10] a reader’s workspace refuses every change, and writes nothing', async () => {
    const store = new MemoryDocStore();
    const writer = await workspaceOn(store);
    const agenda = await writer.create('ordre-du-jour');
    await writer.close();
    let access = { index: false, content: false };
    const reader = await LocalWorkspace.open({
      store,
      now: () => 5_000,
      randomId: () => 'r',
      access: () => access,
    });
    const before = await store.load(`mon-espace/_index`);
    await expect(reader.create('charte')).rejects.toBeInstanceOf(ReadOnlyWorkspaceError);
    await expect(reader.minutesFor(agenda)).rejects.toThrow(/role cannot change/);
    await expect(reader.rename(agenda, 'Autre titre')).rejects.toBeInstanceOf(
      ReadOnlyWorkspaceError,
    );
    await expect(reader.setArchived(agenda, true)).rejects.toBeInstanceOf(ReadOnlyWorkspaceError);
    reader.touch(agenda);
    await reader.flush();
    const after = await store.load(`mon-espace/_index`);
    expect(after.updates.length).toBe(before.updates.length);
    expect(reader.list().map((entry) => entry.id)).toEqual([agenda]);
    // A renewed invitation with a writing role: the same workspace writes again.
    access = { index: true, content: true };
    expect(await reader.minutesFor(agenda)).toBe(`cr-${agenda}`);
    await reader.close();
  });

  it('renames the committee only with the profile right, and the name survives a reopen', async () => {
    const store = new MemoryDocStore();
    let access: { index: boolean; content: boolean; profile?: boolean } = {
      index: true,
      content: true,
    };
    const open = (): Promise<LocalWorkspace> =>
      LocalWorkspace.open({ store, now: () => 5_000, randomId: () => 'r', access: () => access });
    const workspace = await open();
    expect(workspace.displayName()).toBeNull();
    // A member writes the index (documents, titles) but not the committee's profile.
    await expect(workspace.setDisplayName('Comité des partenaires')).rejects.toBeInstanceOf(
      ReadOnlyWorkspaceError,
    );
    expect(workspace.displayName()).toBeNull();
    access = { index: true, content: true, profile: true };
    const seen: Array<string | null> = [];
    const stop = workspace.subscribeProfile(() => seen.push(workspace.displayName()));
    await workspace.setDisplayName('  Comité des partenaires\n du numérique  ');
    stop();
    expect(seen).toEqual(['Comité des partenaires du numérique']);
    await expect(workspace.setDisplayName('   ')).rejects.toThrow();
    await expect(workspace.setDisplayName('x'.repeat(201))).rejects.toThrow();
    expect(workspace.displayName()).toBe('Comité des partenaires du numérique');
    await workspace.close();
    const reopened = await open();
    expect(reopened.displayName()).toBe('Comité des partenaires du numérique');
    await reopened.close();
  });
});
