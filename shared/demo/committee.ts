/**
 * The demo committee for `npm start`: the workspace, its users, and the documents it starts
 * with. Everything is static data built by the same builders as the templates, so the demo
 * seeds exactly once (`seedDocument` with the room name as seed key) like any new document.
 */
import { isValidId } from '../model/room-name.js';
import type { SeedTemplate } from '../schema/seed.js';
import { demoAgenda } from './agenda.js';
import { demoCharter } from './charter.js';
import { DEMO_COMMITTEE_NAME, DEMO_USERS, DEMO_WORKSPACE_ID } from './members.js';
import type { DemoUser } from './members.js';
import { ORGANISATIONS } from './organisations.js';
import type { Organisation } from './organisations.js';

/** A document the demo workspace starts with. */
export interface DemoDocument {
  /** Document id (room `comite-numerique-educatif/<id>`). */
  readonly id: string;
  /** Content and metadata to seed. */
  readonly template: SeedTemplate;
  /** Demo user recorded as creator. */
  readonly createdBy: string;
}

/** The demo workspace: committee, members, organisations and documents. */
export interface DemoCommittee {
  /** Workspace id. */
  readonly workspaceId: string;
  /** Committee name. */
  readonly name: string;
  /** Partner organisations. */
  readonly organisations: readonly Organisation[];
  /** Users, one per seat. */
  readonly users: readonly DemoUser[];
  /** Initial documents. */
  readonly documents: readonly DemoDocument[];
}

/** Initial documents of the demo workspace. */
export const DEMO_DOCUMENTS: readonly DemoDocument[] = Object.freeze([
  { id: 'charte-2026', template: demoCharter(), createdBy: 'julien-lefort' },
  { id: 'odj-2026-10-06', template: demoAgenda(), createdBy: 'julien-lefort' },
]);

/** The whole demo committee. */
export const DEMO_COMMITTEE: DemoCommittee = Object.freeze({
  workspaceId: DEMO_WORKSPACE_ID,
  name: DEMO_COMMITTEE_NAME,
  organisations: ORGANISATIONS,
  users: DEMO_USERS,
  documents: DEMO_DOCUMENTS,
});

/** The room name and seed key of a demo document. */
export function demoRoomName(documentId: string): string {
  if (!isValidId(documentId)) throw new Error(`invalid document id ${documentId}`);
  return `${DEMO_WORKSPACE_ID}/${documentId}`;
}
