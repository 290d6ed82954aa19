/**
 * Documents written onto the relay as the app writes them (`renderer/documents/local-workspace.ts`):
 * a content room seeded from its French template (`seedDocument`, room name as seed key) with
 * its creation recorded, optionally a long paragraph after it, and an entry in the committee's
 * index room — sent by a client speaking the relay's protocol with acknowledgements (`ack=1`),
 * so that each write is stored before the helper returns. Other members' work, for the tests
 * of documents a member never opened.
 */
import * as Y from 'yjs';
import { contentRoom, indexRoom } from '../../shared/model/room-name.js';
import { decodeAck, encodeSyncUpdate } from '../../shared/protocol/messages.js';
import {
  contentOf,
  putIndexEntry,
  setCreation,
  type DocumentKind,
} from '../../shared/schema/doc-schema.js';
import { seedDocument } from '../../shared/schema/seed.js';
import { TEMPLATES } from '../../shared/schema/templates.js';
import { eventually, rawClient } from '../support/clients.js';

/** A document to put on the relay. */
export interface RelayDocument {
  readonly id: string;
  readonly title: string;
  readonly kind: DocumentKind;
  /** The index's `updatedAt` (ms): newer documents are downloaded first. */
  readonly updatedAt: number;
  readonly archived?: boolean;
  /** A paragraph appended after the template (to make the document findable, or large). */
  readonly text?: string;
}

/** Sends `update` to `room` and resolves once the relay says it is stored. */
export async function storeOnRelay(
  relayUrl: string,
  room: string,
  jwt: string,
  update: Uint8Array,
): Promise<void> {
  const raw = rawClient(relayUrl, `/${room}?token=${jwt}&ack=1`);
  let acked = 0;
  raw.ws.on('message', (data: Buffer) => {
    const count = decodeAck(new Uint8Array(data));
    if (count !== null) acked = Math.max(acked, count);
  });
  try {
    await raw.opened;
    raw.ws.send(encodeSyncUpdate(update));
    await eventually(() => acked >= 1, 15_000, `the relay stores ${room}`);
  } finally {
    raw.ws.close();
  }
}

/** The content of a document as the app seeds it, plus `text` in a paragraph of its own. */
export function documentUpdate(workspace: string, document: RelayDocument): Uint8Array {
  const room = contentRoom(workspace, document.id);
  const doc = new Y.Doc();
  seedDocument(doc, { ...TEMPLATES[document.kind](), title: document.title }, room);
  setCreation(doc, 'u-autre', document.updatedAt);
  if (document.text !== undefined) {
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    text.insert(0, document.text);
    paragraph.insert(0, [text]);
    const fragment = contentOf(doc);
    fragment.insert(fragment.length, [paragraph]);
  }
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Writes `documents` (content, then their index entries in one update) onto the relay. */
export async function writeRelayDocuments(
  relayUrl: string,
  workspace: string,
  jwt: string,
  documents: readonly RelayDocument[],
): Promise<void> {
  for (const document of documents) {
    await storeOnRelay(
      relayUrl,
      contentRoom(workspace, document.id),
      jwt,
      documentUpdate(workspace, document),
    );
  }
  // Entries are per key in the index map: a fresh replica's writes merge with everyone's.
  const index = new Y.Doc();
  index.transact(() => {
    for (const document of documents) {
      putIndexEntry(index, document.id, {
        title: document.title,
        kind: document.kind,
        archived: document.archived ?? false,
        updatedAt: document.updatedAt,
      });
    }
  });
  await storeOnRelay(relayUrl, indexRoom(workspace), jwt, Y.encodeStateAsUpdate(index));
  index.destroy();
}
